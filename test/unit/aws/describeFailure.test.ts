import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { utils } from 'ssh2';
import { describeFailure, type DescribedFailure } from '../../../src/core/aws/describeFailure';
import { startFakeAws } from '../../fakeaws/server';
import { DENIED_REGION, scriptedAccount } from '../../fakeaws/scriptedAccount';

const credentials = { accessKeyId: 'AKIAFAKE0000000000', secretAccessKey: 'fake-secret' };
const ctx = { action: 'Allow My IP', stack: 'orthanc-research', region: 'us-east-1' };

/** A loopback server answering every request with this status, content type and body. */
async function answering(status: number, type: string, body: string): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => res.writeHead(status, { 'content-type': type }).end(body));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function failureOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  assert.fail('expected a failure');
}

function assertReadable(d: DescribedFailure): void {
  assert.match(d.message, /^Allow My IP on orthanc-research failed: /, 'names the action and the stack');
  assert.doesNotMatch(d.message, /\$response|Deserialization error|\{error\}/, 'no SDK internals');
}

describe('describeFailure: every error says what happened and what to do', () => {
  it('maps AWS error codes (AccessDenied from the fake endpoint) with the missing permission', async () => {
    const fake = await startFakeAws(scriptedAccount());
    try {
      const error = await failureOf(() => new CloudFormationClient({ region: DENIED_REGION, endpoint: fake.url, credentials, maxAttempts: 1 }).send(new DescribeStacksCommand({})));
      const d = describeFailure(error, { ...ctx, region: DENIED_REGION });
      assertReadable(d);
      assert.equal(d.category, 'access-denied');
      assert.match(d.message, /cloudformation:DescribeStacks.*Ask your administrator/);
    } finally {
      await fake.close();
    }
  });

  it('explains an operation the endpoint does not offer (InvalidAction)', async () => {
    const peer = await answering(400, 'text/xml', '<Response><Errors><Error><Code>InvalidAction</Code><Message>The action DescribeSecurityGroups is not valid for this web service.</Message></Error></Errors><RequestID>r1</RequestID></Response>');
    try {
      const error = await failureOf(() => new EC2Client({ region: 'us-east-1', endpoint: peer.url, credentials, maxAttempts: 1 }).send(new DescribeSecurityGroupsCommand({})));
      const d = describeFailure(error, ctx);
      assertReadable(d);
      assert.equal(d.category, 'unsupported-operation');
      assert.match(d.message, /does not offer this operation.*AWS_ENDPOINT_URL/);
    } finally {
      peer.server.close();
    }
  });

  it('explains an answer the SDK cannot read (XML to a JSON protocol) without the $response hint', async () => {
    const peer = await answering(200, 'text/xml', '<?xml version="1.0"?><Html>a proxy page</Html>');
    try {
      const error = await failureOf(() => new SSMClient({ region: 'us-east-1', endpoint: peer.url, credentials, maxAttempts: 1 }).send(new GetParameterCommand({ Name: '/x' })));
      assert.match(String((error as Error).message), /\$response/, 'precondition: the SDK message mentions $response');
      const d = describeFailure(error, ctx);
      assertReadable(d);
      assert.equal(d.category, 'unexpected-response');
      assert.match(d.message, /not a valid answer to this call \(HTTP 200, text\/xml\).*proxy or AWS_ENDPOINT_URL/);
    } finally {
      peer.server.close();
    }
  });

  it('explains an AWS endpoint that refuses connections as a network problem', async () => {
    const error = await failureOf(() => new CloudFormationClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:2', credentials, maxAttempts: 1 }).send(new DescribeStacksCommand({})));
    const d = describeFailure(error, ctx);
    assertReadable(d);
    assert.equal(d.category, 'network');
    assert.match(d.message, /Cannot reach AWS in us-east-1.*network connection, VPN or proxy/);
  });

  it('explains bad key material (ssh2 cannot parse the key)', () => {
    const parsed = utils.parseKey('-----BEGIN OPENSSH PRIVATE KEY-----\nfake\n-----END OPENSSH PRIVATE KEY-----\n');
    assert.ok(parsed instanceof Error, 'precondition: ssh2 refuses the key');
    const d = describeFailure(new Error(`Cannot parse privateKey: ${parsed.message}`), ctx);
    assertReadable(d);
    assert.equal(d.category, 'key-material');
    assert.match(d.message, /KeyPairParameter.*EC2 Instance Connect/);
  });

  it('explains a refused local connection (fetch to a closed loopback port), naming the address', async () => {
    const error = await failureOf(() => fetch('http://127.0.0.1:2/dicom-web/studies'));
    const d = describeFailure(error, ctx);
    assertReadable(d);
    assert.equal(d.category, 'refused');
    assert.match(d.message, /Nothing is listening at 127\.0\.0\.1:2.*Allow My IP/);
  });

  it('explains a name that does not resolve, an unreachable host and a TLS failure', () => {
    const unresolved = describeFailure(Object.assign(new Error('getaddrinfo ENOTFOUND stow.invalid'), { code: 'ENOTFOUND', hostname: 'stow.invalid' }), ctx);
    assert.deepEqual([unresolved.category, /stow\.invalid does not resolve/.test(unresolved.message)], ['unresolved', true]);
    const timeout = describeFailure(new TypeError('fetch failed', { cause: Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT', address: '127.0.0.1', port: 8042 }) }), ctx);
    assert.deepEqual([timeout.category, /No answer from 127\.0\.0\.1:8042.*Allow My IP/.test(timeout.message)], ['unreachable', true]);
    const tls = describeFailure(new TypeError('fetch failed', { cause: Object.assign(new Error("Hostname/IP does not match certificate's altnames"), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }) }), ctx);
    assert.equal(tls.category, 'tls');
    assert.match(tls.message, /CA certificate.*host name/);
    for (const d of [unresolved, timeout, tls]) assertReadable(d);
  });

  it('keeps the message of an error that already says what to do, and names the action without a stack', () => {
    const d = describeFailure(new Error('The folder has no DICOM files. Pick a folder with .dcm files.'), { action: 'Send DICOM' });
    assert.deepEqual(d, {
      category: 'other',
      code: 'Error',
      detail: 'The folder has no DICOM files. Pick a folder with .dcm files.',
      message: 'Send DICOM failed: The folder has no DICOM files. Pick a folder with .dcm files.',
    });
  });
});
