import assert from 'node:assert/strict';
import { CloudFormationClient, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { DescribeSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { choiceCostText, optionCosts } from '../../../../src/core/kinds/choiceCost';
import { kindActions } from '../../../../src/core/kinds/kindActions';
import type { KindRecord } from '../../../../src/core/kinds/kindTypes';
import { fetchFileGatorPassword, fileGatorTarget, fileGatorUrl } from '../../../../src/core/kinds/lab/fileGatorAccess';
import { labCost, labCostByPart } from '../../../../src/core/kinds/lab/labCosts';
import { LAB_KIND } from '../../../../src/core/kinds/lab/labKind';
import { MDE_KIND } from '../../../../src/core/kinds/mde/mdeKind';
import type { StackInfo } from '../../../../src/core/stacks/stackInfo';
import { mockDuringSuite, testClients } from '../../ssh/awsFakes';

const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/lab-fg/1f2e3d4c-0000-4000-8000-0000000000a1';
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:lab-fg-FileGatorAdminPassword-AbCdEf';
const PASSWORD = 'Fg0AdminPasswordGeneratedBySecretsManager0123456';

const lab = (outputs: Record<string, string>, status = 'CREATE_COMPLETE'): StackInfo => ({
  region: 'us-east-1',
  stackId: STACK_ID,
  stackName: 'lab-fg',
  status,
  createdAt: '2026-01-01T00:00:00.000Z',
  kind: 'lab',
  kindEvidence: 'tag',
  tags: {},
  outputs: Object.entries(outputs).map(([key, value]) => ({ key, value })),
  parameters: [],
  terminationProtection: false,
});

describe('lab kind: Open FileGator through the jump host', () => {
  it('is offered only while the stack publishes FileGator (EnableFileGator), and only on complete stacks', () => {
    const base = ['openJupyter', 'uploadLabImage', 'switchLabCosts', 'downloadVpnConfig'];
    assert.deepEqual(kindActions(lab({})), base);
    assert.deepEqual(kindActions(lab({ FileGatorPrivateIp: '' })), base, 'an empty output is no FileGator');
    assert.deepEqual(kindActions(lab({ FileGatorPrivateIp: '10.0.2.17' })), [...base, 'openFileGator']);
    assert.deepEqual(kindActions(lab({ FileGatorPrivateIp: '10.0.2.17' }, 'UPDATE_IN_PROGRESS')), []);
  });

  it('takes the private address and port from the outputs only when they are a private or loopback IPv4 address and a TCP port', () => {
    assert.deepEqual(fileGatorTarget(lab({ FileGatorPrivateIp: '10.0.2.17', FileGatorPort: '8080' })), { host: '10.0.2.17', port: 8080 });
    for (const host of ['172.16.0.5', '172.31.255.1', '192.168.1.9', '127.0.0.1']) assert.equal(fileGatorTarget(lab({ FileGatorPrivateIp: host, FileGatorPort: '80' })).host, host);
    for (const host of ['8.8.8.8', '172.32.0.1', '192.169.0.1', 'filegator.internal', '10.0.2.17 -oProxyCommand=x', '10.0.2.256', '010.0.2.1']) {
      assert.throws(() => fileGatorTarget(lab({ FileGatorPrivateIp: host, FileGatorPort: '8080' })), /is not a private IPv4 address/, host);
    }
    for (const port of ['0', '65536', '80a', '-1', ' 8080']) assert.throws(() => fileGatorTarget(lab({ FileGatorPrivateIp: '10.0.2.17', FileGatorPort: port })), /is not a TCP port/, port);
    assert.throws(() => fileGatorTarget(lab({ FileGatorPort: '8080' })), /has no FileGatorPrivateIp output/);
    assert.equal(fileGatorUrl(18080), 'http://127.0.0.1:18080/');
    assert.throws(() => fileGatorUrl(0), /not a local port/);
  });

  describe('the admin password, on request', () => {
    const sm = mockDuringSuite(SecretsManagerClient);
    const cfn = mockDuringSuite(CloudFormationClient);
    beforeEach(() => {
      sm.reset();
      cfn.reset();
      cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [] });
    });

    it('reads the stack\'s own secret (stack-id tag) and returns a generated password', async () => {
      sm.on(DescribeSecretCommand).resolves({ ARN: SECRET_ARN, Tags: [{ Key: 'aws:cloudformation:stack-id', Value: STACK_ID }] });
      sm.on(GetSecretValueCommand).resolves({ ARN: SECRET_ARN, SecretString: PASSWORD });
      assert.equal(await fetchFileGatorPassword(testClients(), lab({ FileGatorAdminSecret: SECRET_ARN })), PASSWORD);
      assert.equal(sm.commandCalls(GetSecretValueCommand)[0]?.args[0].input.SecretId, SECRET_ARN);
    });

    it('refuses a secret of another stack without reading it, and a value that is not generated (FileGator\'s admin123)', async () => {
      sm.on(DescribeSecretCommand).resolves({ ARN: SECRET_ARN, Tags: [{ Key: 'aws:cloudformation:stack-id', Value: STACK_ID.replace('lab-fg', 'other') }] });
      await assert.rejects(fetchFileGatorPassword(testClients(), lab({ FileGatorAdminSecret: SECRET_ARN })), /FileGator admin password secret, but that secret does not belong to the stack/);
      assert.equal(sm.commandCalls(GetSecretValueCommand).length, 0);
      sm.on(DescribeSecretCommand).resolves({ ARN: SECRET_ARN, Tags: [{ Key: 'aws:cloudformation:stack-id', Value: STACK_ID }] });
      sm.on(GetSecretValueCommand).resolves({ ARN: SECRET_ARN, SecretString: 'admin123' });
      await assert.rejects(fetchFileGatorPassword(testClients(), lab({ FileGatorAdminSecret: SECRET_ARN })), /does not hold a generated value.*switch FileGator off and on/);
    });
  });
});

describe('lab kind: the hourly total for the chosen switches', () => {
  const values = (fileGator: boolean, nat: boolean, vpn: boolean) => ({ EnableFileGator: String(fileGator), EnableNatGateway: String(nat), EnableClientVpn: String(vpn) });

  it('parts are the sums of the record\'s own cost lines: Task 1 ≈ $0.049, FileGator +$0.022, NAT +$0.05, VPN +$0.15', () => {
    const all = labCostByPart(values(true, true, true));
    assert.deepEqual(all.items.map((i) => i.item), ['Task 1', 'FileGator', 'NAT gateway', 'Client VPN']);
    assert.deepEqual(all.items.map((i) => i.usdPerHour.toFixed(3)), ['0.049', '0.022', '0.050', '0.150']);
    // The total is the record's own estimate for the same values, line by line.
    for (const v of [values(false, false, false), values(true, false, true), values(false, true, true), values(true, true, false)]) {
      assert.ok(Math.abs(labCostByPart(v).usdPerHour - labCost(v).usdPerHour) < 0.0005, JSON.stringify(v));
    }
    assert.deepEqual(labCostByPart(values(false, true, false)).items.map((i) => i.item), ['Task 1'], 'the template builds the NAT gateway only with FileGator');
  });

  it('the review line names the total and its parts; kinds without switches have none', () => {
    assert.equal(choiceCostText(LAB_KIND, values(false, true, true)), '≈$0.199/h while running with these choices: Task 1 $0.049 + Client VPN $0.150 (estimate)');
    assert.equal(choiceCostText(LAB_KIND, values(true, true, true)), '≈$0.271/h while running with these choices: Task 1 $0.049 + FileGator $0.022 + NAT gateway $0.050 + Client VPN $0.150 (estimate)');
    assert.equal(choiceCostText(MDE_KIND as KindRecord, {}), undefined);
  });

  it('a switch\'s options show the total with each choice; a parameter that does not change the cost shows none', () => {
    const costs = optionCosts(LAB_KIND, values(true, true, false), 'EnableClientVpn', ['true', 'false']);
    assert.deepEqual([...(costs ?? new Map()).entries()], [
      ['true', '≈$0.271/h in all with this choice'],
      ['false', '≈$0.121/h in all with this choice'],
    ]);
    assert.equal(optionCosts(LAB_KIND, values(false, true, false), 'EnableNatGateway', ['true', 'false']), undefined, 'NAT without FileGator costs nothing');
    assert.equal(optionCosts(LAB_KIND, values(true, true, false), 'ProcessedSuffix', ['-a', '-b']), undefined);
    assert.equal(optionCosts(MDE_KIND as KindRecord, {}, 'EnableClientVpn', ['true', 'false']), undefined);
  });
});
