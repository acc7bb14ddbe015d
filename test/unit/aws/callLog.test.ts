import assert from 'node:assert/strict';
import { CreateStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { AwsClients } from '../../../src/core/aws/clients';
import { callName } from '../../../src/core/aws/callLog';
import { loggableUrl, type Log } from '../../../src/core/util/log';
import { redact, redactingLog } from '../../../src/vscode/log/redactingLog';
import { startFakeAws, type FakeAws } from '../../fakeaws/server';
import { scriptedAccount } from '../../fakeaws/scriptedAccount';

function capture(): { log: Log; lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (m: string) => void lines.push(`${level} ${m}`);
  return { lines, log: { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}

const SECRET = 'S3cr3t-NoEcho-Value-9f2';

describe('every AWS call is logged through a client middleware', () => {
  let fake: FakeAws;
  const saved = process.env.AWS_ENDPOINT_URL;
  before(async () => {
    fake = await startFakeAws(scriptedAccount({ creatingDurationMs: 20000 }));
    process.env.AWS_ENDPOINT_URL = fake.url;
  });
  after(async () => {
    if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = saved;
    await fake.close();
  });

  it('writes operation, region and duration; a change at info with its request id; a failure with code, status and request id; never the inputs', async () => {
    const { log, lines } = capture();
    const clients = new AwsClients(async () => ({ accessKeyId: 'AKIAFAKE0000000000', secretAccessKey: 'fake-secret-key' }), 1, log);
    const cfn = await clients.cloudFormation('us-east-1');
    await cfn.send(new DescribeStacksCommand({}));
    await cfn.send(new CreateStackCommand({ StackName: 'logged', TemplateBody: '{"Resources":{"B":{"Type":"AWS::S3::Bucket"}}}', Parameters: [{ ParameterKey: 'DbPassword', ParameterValue: SECRET }] }));
    await assert.rejects(cfn.send(new DescribeStacksCommand({ StackName: 'no-such-stack' })));
    await clients.dispose();
    assert.match(lines[0] ?? '', /^debug AWS CloudFormation DescribeStacks us-east-1: \d+ ms$/);
    assert.match(lines[1] ?? '', /^info AWS CloudFormation CreateStack us-east-1: \d+ ms, request [0-9a-f-]{36}$/);
    assert.match(lines[2] ?? '', /^warn AWS CloudFormation DescribeStacks us-east-1 failed after \d+ ms: ValidationError \(HTTP 400, request [0-9a-f-]{36}\): Stack with id no-such-stack does not exist$/);
    assert.equal(lines.length, 3);
    const text = lines.join('\n');
    for (const secret of [SECRET, 'fake-secret-key', 'DbPassword']) assert.ok(!text.includes(secret), `${secret} is not logged`);
  });

  it('names calls as people read them', () => {
    assert.equal(callName({ clientName: 'EC2InstanceConnectClient', commandName: 'SendSSHPublicKeyCommand' }), 'EC2InstanceConnect SendSSHPublicKey');
    assert.equal(callName({}), 'AWS call');
  });
});

describe('the log channel never receives a secret', () => {
  it('masks private keys, authorization headers, secret fields and passwords in URLs', () => {
    const cases: [string, string][] = [
      ['key: -----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE=\n-----END OPENSSH PRIVATE KEY----- done', 'key: (private key hidden) done'],
      ['Authorization: Basic cmVzZWFyY2hlcjpwYTU1LXdvcmQ=', 'Authorization: Basic ****'],
      ['authorization: Bearer eyJhbGciOi.x.y', 'authorization: Bearer ****'],
      ['{"SecretString":"hunter2"}', '{"SecretString":"****"}'],
      ['aws_secret_access_key = wJalrXUtnFEMI/K7MDENG', 'aws_secret_access_key = ****'],
      ['https://user:pa55@pacs.local/dicom-web', 'https://user:****@pacs.local/dicom-web'],
      ['AWS CloudFormation DescribeStacks us-east-1: 12 ms', 'AWS CloudFormation DescribeStacks us-east-1: 12 ms'],
    ];
    for (const [input, expected] of cases) assert.equal(redact(input), expected);
    const { log, lines } = capture();
    redactingLog(log).warn('password=hunter2');
    assert.deepEqual(lines, ['warn password=****']);
  });

  it('logs URLs without credentials, query or fragment', () => {
    assert.equal(loggableUrl('https://u:p@pacs.local:8443/dicom-web/studies?token=abc#x'), 'https://pacs.local:8443/dicom-web/studies');
    assert.equal(loggableUrl('not a url'), '(not a URL)');
  });
});
