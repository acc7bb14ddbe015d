import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { clusterInfo, KubeconfigError, kubeconfigEntry, type EksClusterInfo, type KubeconfigEntry } from '../../../../src/core/kinds/tator/eksKubeconfigEntry';
import { mergeKubeconfig } from '../../../../src/core/kinds/tator/kubeconfig';
import { ARN, CA, CLUSTER, KUBECTL_STYLE } from './kubeconfigFixture';

// Parsed kubeconfig is untyped; the assertions check its shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const info = (): EksClusterInfo => clusterInfo(CLUSTER, 'us-east-1');
const entry = (profile?: string): KubeconfigEntry => kubeconfigEntry(info(), profile ? { profile } : {});

/** Lines of `after` that are not part of a longest common subsequence with `before`. */
function insertedLines(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i -= 1) for (let j = b.length - 1; j >= 0; j -= 1) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  assert.equal(lcs[0]![0], a.length, 'a line of the original was changed or lost');
  const inserted: string[] = [];
  let i = 0;
  for (let j = 0; j < b.length; j += 1) {
    if (i < a.length && a[i] === b[j] && lcs[i]![j] === lcs[i + 1]![j + 1]! + 1) i += 1;
    else inserted.push(b[j]!);
  }
  return inserted;
}

const parse = (text: string): Json => parseDocument(text, { version: '1.1' }).toJS() as Json;

describe('kubeconfig merge (Write kubeconfig)', () => {
  it('adds the EKS cluster, context and user and changes no byte of the rest (comments, spacing, quoting, extensions)', () => {
    const result = mergeKubeconfig(KUBECTL_STYLE, entry());
    assert.equal(result.formattingKept, true);
    assert.equal(result.changed, true);
    const inserted = insertedLines(KUBECTL_STYLE, result.text);
    assert.deepEqual(inserted, [
      '- cluster:',
      `    certificate-authority-data: ${CA}`,
      `    server: ${CLUSTER.endpoint}`,
      `  name: ${ARN}`,
      '- context:',
      `    cluster: ${ARN}`,
      `    user: ${ARN}`,
      `  name: ${ARN}`,
      `- name: ${ARN}`,
      '  user:',
      '    exec:',
      '      apiVersion: client.authentication.k8s.io/v1beta1',
      '      command: aws',
      '      args:',
      '      - --region',
      '      - us-east-1',
      '      - eks',
      '      - get-token',
      '      - --cluster-name',
      '      - tator-test',
      '      - --output',
      '      - json',
    ]);
    const config = parse(result.text);
    assert.deepEqual(config.clusters.map((c: Json) => c.name), ['k3s', 'minikube', ARN]);
    assert.deepEqual(config.contexts.map((c: Json) => c.name), ['k3s', 'minikube', ARN]);
    assert.deepEqual(config.users.map((c: Json) => c.name), ['k3s', 'minikube', ARN]);
  });

  it('keeps a current context of its own, and sets ours only when asked', () => {
    assert.equal(parse(mergeKubeconfig(KUBECTL_STYLE, entry()).text)['current-context'], 'minikube');
    const forced = mergeKubeconfig(KUBECTL_STYLE, entry(), { makeCurrent: true });
    assert.equal(parse(forced.text)['current-context'], ARN);
    assert.equal(forced.formattingKept, true);
    assert.ok(insertedLines(KUBECTL_STYLE.replace('current-context: minikube\n', ''), forced.text).includes(`current-context: ${ARN}`));
    const none = KUBECTL_STYLE.replace('current-context: minikube\n', '');
    const result = mergeKubeconfig(none, entry());
    assert.equal(parse(result.text)['current-context'], ARN);
    assert.ok(result.text.endsWith(`current-context: ${ARN}\n`));
  });

  it('is idempotent, and replaces an outdated entry of the same cluster in place', () => {
    const once = mergeKubeconfig(KUBECTL_STYLE, entry()).text;
    const twice = mergeKubeconfig(once, entry());
    assert.equal(twice.changed, false);
    assert.equal(twice.text, once);
    const withProfile = mergeKubeconfig(once, entry('research'));
    assert.equal(withProfile.formattingKept, true);
    assert.deepEqual(insertedLines(KUBECTL_STYLE, withProfile.text).filter((l) => l.includes('AWS_PROFILE') || l.includes('research')), ['      - name: AWS_PROFILE', '        value: research']);
    const users = parse(withProfile.text).users as Json[];
    assert.equal(users.length, 3);
    assert.deepEqual(users[2]!.user.exec.env, [{ name: 'AWS_PROFILE', value: 'research' }]);
  });

  it("follows the file's own indentation (indented lists, 4-space mappings)", () => {
    const indented = [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '  - cluster:',
      '        server: https://a.example.invalid',
      '    name: a',
      'contexts:',
      '  - context:',
      '        cluster: a',
      '        user: a',
      '    name: a',
      'users:',
      '  - name: a',
      '    user:',
      '        token: t',
      '',
    ].join('\n');
    const result = mergeKubeconfig(indented, entry());
    assert.equal(result.formattingKept, true);
    const inserted = insertedLines(indented, result.text);
    assert.deepEqual(inserted.slice(0, 4), ['  - cluster:', `        certificate-authority-data: ${CA}`, `        server: ${CLUSTER.endpoint}`, `    name: ${ARN}`]);
    assert.ok(inserted.includes(`  - name: ${ARN}`) && inserted.includes('        exec:'), inserted.join('\n'));
    const config = parse(result.text);
    assert.deepEqual(config.users.map((u: Json) => u.name), ['a', ARN]);
  });

  it('fills the empty lists kubectl writes as null', () => {
    const empty = 'apiVersion: v1\nclusters: null\ncontexts: null\ncurrent-context: ""\nkind: Config\npreferences: {}\nusers: null\n';
    const result = mergeKubeconfig(empty, entry());
    assert.equal(result.formattingKept, true);
    const config = parse(result.text);
    assert.equal(config.clusters[0].name, ARN);
    assert.equal(config['current-context'], ARN);
    assert.ok(result.text.startsWith('apiVersion: v1\nclusters:\n- cluster:\n'), result.text);
    assert.ok(result.text.includes('kind: Config\npreferences: {}\nusers:\n- name: '));
  });

  it('falls back to a full re-render for flow-style files, still keeping comments and every entry', () => {
    const flow = '# managed by hand\napiVersion: v1\nkind: Config\nclusters: [{name: a, cluster: {server: "https://a.example.invalid"}}]\ncontexts: [{name: a, context: {cluster: a, user: a}}]\nusers: [{name: a, user: {token: t}}]\ncurrent-context: a\n';
    const result = mergeKubeconfig(flow, entry());
    assert.equal(result.formattingKept, false);
    assert.ok(result.text.startsWith('# managed by hand\n'));
    const config = parse(result.text);
    assert.deepEqual(config.clusters.map((c: Json) => c.name), ['a', ARN]);
    assert.equal(config['current-context'], 'a');
  });

  it('keeps CRLF line ends in a CRLF file', () => {
    const crlf = KUBECTL_STYLE.replace(/\n/g, '\r\n');
    const result = mergeKubeconfig(crlf, entry());
    assert.equal(result.formattingKept, true);
    assert.doesNotMatch(result.text.replace(/\r\n/g, ''), /\n/);
    assert.equal(parse(result.text).users.length, 3);
  });

  it('writes a complete kubeconfig when there is none', () => {
    const result = mergeKubeconfig(undefined, entry('lab'));
    const config = parse(result.text);
    assert.equal(config.kind, 'Config');
    assert.equal(config['current-context'], ARN);
    assert.deepEqual(config.users[0].user.exec, {
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: 'aws',
      args: ['--region', 'us-east-1', 'eks', 'get-token', '--cluster-name', 'tator-test', '--output', 'json'],
      env: [{ name: 'AWS_PROFILE', value: 'lab' }],
    });
    assert.equal(config.clusters[0].cluster.server, CLUSTER.endpoint);
  });

  it('writes names YAML 1.1 would read as booleans with quotes (kubectl reads YAML 1.1)', () => {
    const yes = clusterInfo({ ...CLUSTER, name: 'yes', arn: 'arn:aws:eks:us-east-1:123456789012:cluster/yes' }, 'us-east-1');
    const text = mergeKubeconfig(KUBECTL_STYLE, kubeconfigEntry(yes)).text;
    assert.equal(parse(text).users[2].user.exec.args[5], 'yes');
  });

  it('refuses files it cannot merge safely, saying why and changing nothing', () => {
    assert.throws(() => mergeKubeconfig('clusters:\n  - name: [a\n', entry()), (e: Error) => e instanceof KubeconfigError && /not valid YAML \(line \d\)/.test(e.message));
    assert.throws(() => mergeKubeconfig('- a\n- b\n', entry()), /not a YAML mapping/);
    assert.throws(() => mergeKubeconfig('apiVersion: v1\nkind: Pod\n', entry()), /kind 'Pod'/);
  });
});

describe('EKS cluster -> kubeconfig entry', () => {
  it('uses the cluster ARN for the names, as `aws eks update-kubeconfig` does, and `aws eks get-token` for the token', () => {
    const e = entry();
    assert.equal(e.contextName, ARN);
    assert.deepEqual(e.context.context, { cluster: ARN, user: ARN });
    assert.equal(e.cluster.cluster['certificate-authority-data'], CA);
    assert.equal(e.user.user.exec.env, undefined);
  });

  it('checks what DescribeCluster returned before using it', () => {
    const bad: [string, object, RegExp][] = [
      ['still creating', { ...CLUSTER, status: 'CREATING' }, /is CREATING, not ACTIVE: wait until its stack is complete/],
      ['plain HTTP endpoint', { ...CLUSTER, endpoint: 'http://x.eks.amazonaws.com' }, /no HTTPS API endpoint/],
      ['endpoint with a path', { ...CLUSTER, endpoint: 'https://x.eks.amazonaws.com/evil?a=b' }, /no HTTPS API endpoint/],
      ['no certificate', { ...CLUSTER, certificateAuthority: {} }, /no certificate authority/],
      ['not a certificate', { ...CLUSTER, certificateAuthority: { data: Buffer.from('x'.repeat(80)).toString('base64') } }, /no certificate authority/],
      ['another cluster ARN', { ...CLUSTER, arn: 'arn:aws:eks:us-east-1:123456789012:cluster/other' }, /unexpected ARN/],
      ['a name with a newline', { ...CLUSTER, name: 'tator\nkind: Pod' }, /without a valid name/],
    ];
    for (const [what, cluster, message] of bad) assert.throws(() => clusterInfo(cluster, 'us-east-1'), message, what);
    assert.throws(() => kubeconfigEntry(info(), { profile: 'a b' }), /not an AWS profile name/);
    assert.throws(() => clusterInfo(CLUSTER, 'mars-1'), /not an AWS region/);
  });
});
