import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand, ListStacksCommand } from '@aws-sdk/client-cloudformation';
import { notificationText, terminalText } from '../../../src/core/util/text';
import { runCliForTest } from '../../support/runCliForTest';
import { writeSyntheticSeries } from '../dicom/syntheticDicom';
import { mockDuringSuite } from '../ssh/awsFakes';

/** What the review's hostile server printed: clear the screen, home the cursor, claim success, hide the rest. */
const REWRITE = '\u001b[2J\u001b[H all 1000 instances stored OK \u001b[8m';
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** A raw HTTP/1.1 server whose status line carries the escape sequence (no HTTP library would send it). */
async function hostileServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((socket) => {
    socket.once('data', () => {
      const body = 'stored nothing';
      socket.end(`HTTP/1.1 400 ${REWRITE}\r\ncontent-type: text/plain\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/dicom-web` };
}

/** Finding 6 of the security review: AWS and server text reached the CLI's terminal with its control characters. */
describe('text from AWS or a server cannot drive the terminal the CLI writes to', () => {
  const cfn = mockDuringSuite(CloudFormationClient);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'imaging-lab-ansi-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints a stack status reason without its escape sequences (imaging-lab stacks)', async () => {
    const stack = { StackName: 'pacs', StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/pacs/1', StackStatus: 'CREATE_FAILED' as const, CreationTime: new Date(), StackStatusReason: `Resource failed${REWRITE}` };
    cfn.on(ListStacksCommand).resolves({ StackSummaries: [{ ...stack, StackStatus: 'CREATE_FAILED' }] });
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [stack] });
    const result = await runCliForTest(['stacks', '--region', 'us-east-1'], { AWS_CONFIG_FILE: join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') });
    assert.match(result.err, /all 1000 instances stored OK/, `the reason is still shown, as text: ${JSON.stringify(result)}`);
    assert.doesNotMatch(result.out + result.err, CONTROL);
  });

  it('keeps --json data exact: controls JSON leaves raw are written as \\u escapes', async () => {
    const reason = `Resource failed${REWRITE}\u009b2J\u202eevil`;
    const stack = { StackName: 'pacs', StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/pacs/1', StackStatus: 'CREATE_FAILED' as const, CreationTime: new Date(), StackStatusReason: reason };
    cfn.on(ListStacksCommand).resolves({ StackSummaries: [stack] });
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [stack] });
    const result = await runCliForTest(['stacks', '--region', 'us-east-1', '--json'], { AWS_CONFIG_FILE: join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') });
    assert.doesNotMatch(result.out, CONTROL);
    assert.doesNotMatch(result.out, /\u202e/);
    assert.equal((JSON.parse(result.out) as { stacks: { statusReason: string }[] }).stacks[0]?.statusReason, reason);
  });

  it("prints a server's reason without its escape sequences (imaging-lab send)", async () => {
    const peer = await hostileServer();
    try {
      await writeSyntheticSeries(join(dir, 'series'), 'ansi', 1);
      const result = await runCliForTest(['send', join(dir, 'series'), '--url', peer.url]);
      assert.equal(result.code, 1, 'nothing was stored');
      assert.match(result.out + result.err, /all 1000 instances stored OK/, `the reason is still shown, as text: ${JSON.stringify(result)}`);
      assert.doesNotMatch(result.out + result.err, CONTROL);
    } finally {
      peer.server.close();
    }
  });

  it('keeps tabs and newlines, drops CR, ESC, C1 and bidi controls; breaks markdown links for notifications', () => {
    assert.equal(terminalText('a\tb\nc\r\u001b[31md\u009b2Je\u202eevil'), 'a\tb\nc[31md2Jeevil');
    assert.equal(notificationText('see [docs](command:imagingLab.deleteStack) now'), 'see [docs] (command:imagingLab.deleteStack) now');
  });
});
