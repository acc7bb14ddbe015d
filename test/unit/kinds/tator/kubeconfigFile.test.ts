import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeClusterCommand, EKSClient, ResourceNotFoundException } from '@aws-sdk/client-eks';
import { parseDocument } from 'yaml';
import { kubeconfigPath, updateKubeconfigFile, writeEksKubeconfig } from '../../../../src/core/kinds/tator/kubeconfigFile';
import { mergeKubeconfig } from '../../../../src/core/kinds/tator/kubeconfig';
import { clusterInfo, kubeconfigEntry } from '../../../../src/core/kinds/tator/eksKubeconfigEntry';
import { ARN, CLUSTER, KUBECTL_STYLE } from './kubeconfigFixture';
import { mockDuringSuite } from '../../ssh/awsFakes';

const mode = (path: string): number => statSync(path).mode & 0o777;

describe('kubeconfig file (backup, 0600, atomic)', () => {
  let dir = '';
  const eks = mockDuringSuite(EKSClient);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'imaging-lab-kubeconfig-'));
    eks.reset();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the file kubectl uses: the first KUBECONFIG entry, else ~/.kube/config', () => {
    assert.equal(kubeconfigPath({}, '/home/me'), '/home/me/.kube/config');
    assert.equal(kubeconfigPath({ KUBECONFIG: '/a/one:/b/two' }, '/home/me'), '/a/one');
    assert.equal(kubeconfigPath({ KUBECONFIG: '' }, '/home/me'), '/home/me/.kube/config');
  });

  it('merges the EKS cluster from DescribeCluster into an existing file, keeps a byte-identical backup, leaves 0600', async () => {
    const path = join(dir, '.kube', 'config');
    mkdirSync(join(dir, '.kube'));
    writeFileSync(path, KUBECTL_STYLE, { mode: 0o644 });
    eks.on(DescribeClusterCommand, { name: 'tator-test' }).resolves({ cluster: CLUSTER });
    const result = await writeEksKubeconfig(new EKSClient({ region: 'us-east-1' }), { clusterName: 'tator-test', region: 'us-east-1', profile: 'lab', path }, undefined);
    assert.equal(eks.commandCalls(DescribeClusterCommand).length, 1);
    assert.equal(mode(path), 0o600);
    assert.ok(result.backup);
    assert.equal(readFileSync(result.backup!, 'utf8'), KUBECTL_STYLE);
    assert.equal(mode(result.backup!), 0o600);
    assert.match(result.backup!, /config\.imaging-lab-\d{8}T\d{6}\.bak$/);
    const config = parseDocument(readFileSync(path, 'utf8')).toJS();
    assert.equal(config['current-context'], 'minikube');
    assert.deepEqual(config.users[2].user.exec.env, [{ name: 'AWS_PROFILE', value: 'lab' }]);
    assert.equal(result.currentContext, 'minikube');
    assert.deepEqual(readdirSync(join(dir, '.kube')).filter((f) => f.endsWith('.tmp')), []);
  });

  it('creates ~/.kube 0700 and the file 0600 when there is none, without a backup', async () => {
    const path = join(dir, '.kube', 'config');
    eks.on(DescribeClusterCommand).resolves({ cluster: CLUSTER });
    const result = await writeEksKubeconfig(new EKSClient({ region: 'us-east-1' }), { clusterName: 'tator-test', region: 'us-east-1', path });
    assert.equal(result.backup, undefined);
    assert.equal(mode(join(dir, '.kube')), 0o700);
    assert.equal(mode(path), 0o600);
    assert.equal(parseDocument(readFileSync(path, 'utf8')).toJS()['current-context'], ARN);
  });

  it('writes nothing, not even a backup, when the file already holds the same entries', async () => {
    const path = join(dir, 'config');
    eks.on(DescribeClusterCommand).resolves({ cluster: CLUSTER });
    await writeEksKubeconfig(new EKSClient({ region: 'us-east-1' }), { clusterName: 'tator-test', region: 'us-east-1', path });
    const again = await writeEksKubeconfig(new EKSClient({ region: 'us-east-1' }), { clusterName: 'tator-test', region: 'us-east-1', path });
    assert.equal(again.changed, false);
    assert.equal(again.backup, undefined);
    assert.deepEqual(readdirSync(dir), ['config']);
  });

  it('writes through a symlinked kubeconfig to its target and keeps the link', async () => {
    const target = join(dir, 'real-config');
    writeFileSync(target, KUBECTL_STYLE, { mode: 0o600 });
    const link = join(dir, 'config');
    symlinkSync(target, link);
    eks.on(DescribeClusterCommand).resolves({ cluster: CLUSTER });
    const result = await writeEksKubeconfig(new EKSClient({ region: 'us-east-1' }), { clusterName: 'tator-test', region: 'us-east-1', path: link });
    assert.equal(result.path, target);
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.match(readFileSync(link, 'utf8'), /cluster\/tator-test/);
  });

  it('writes nothing when the file changes while it is being merged', async () => {
    const path = join(dir, 'config');
    writeFileSync(path, KUBECTL_STYLE);
    const entry = kubeconfigEntry(clusterInfo(CLUSTER, 'us-east-1'));
    await assert.rejects(
      updateKubeconfigFile(path, (existing) => {
        writeFileSync(path, `${KUBECTL_STYLE}# edited meanwhile\n`);
        return mergeKubeconfig(existing, entry);
      }),
      /changed while Imaging Lab was merging it; nothing was written/,
    );
    assert.equal(readFileSync(path, 'utf8'), `${KUBECTL_STYLE}# edited meanwhile\n`);
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
  });

  it('passes on the AWS error when the cluster does not exist, and touches no file', async () => {
    const path = join(dir, 'config');
    eks.on(DescribeClusterCommand).rejects(new ResourceNotFoundException({ message: 'No cluster found for name: gone.', $metadata: {} }));
    await assert.rejects(writeEksKubeconfig(new EKSClient({ region: 'us-east-1' }), { clusterName: 'gone', region: 'us-east-1', path }), ResourceNotFoundException);
    assert.deepEqual(readdirSync(dir), []);
  });

  it('refuses a cluster still being created, saying to wait for the stack', async () => {
    eks.on(DescribeClusterCommand).resolves({ cluster: { ...CLUSTER, status: 'CREATING' } });
    await assert.rejects(
      writeEksKubeconfig(new EKSClient({ region: 'us-east-1' }), { clusterName: 'tator-test', region: 'us-east-1', path: join(dir, 'config') }),
      /is CREATING, not ACTIVE: wait until its stack is complete/,
    );
  });
});
