import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import * as vscode from 'vscode';
import { TAG_KIND } from '../../src/core/kinds/stackContract';
import type { ExplorerNode } from '../../src/vscode/tree/explorerNode';
import { activatedExtension, eventually, fakeAwsUrl } from './support/extensionUnderTest';
import { scriptQuestions, type AskedQuestion, type QuestionReply } from './support/mdeQuestions';
import { withScriptedQuickInput, type Asked, type Reply } from './support/scriptedQuickInput';
import { ensureScriptedRegions } from './support/scriptedRegions';
import { contextOfCluster, fakeAwsCli, startKubeApi, startTatorPage, useKubeconfigContext, type KubeApiStandIn, type StandIn } from './support/tatorStandIns';
import { walkTree } from './support/treeWalk';
import { captureWindow, type WindowCapture } from './support/windowCapture';

const REGION = 'us-east-1';
const STACK = 'tator-journey';
const CLUSTER = 'tator-journey-eks';
const TATOR_IMAGE = 'c9d4fca8615a4e5b848c4a4a45286cb074d88626';
/** A kubeconfig of the user's own: two contexts, comments, a current context. */
const EXISTING_KUBECONFIG = [
  '# my clusters',
  'apiVersion: v1',
  'kind: Config',
  'clusters:',
  '  - name: lab',
  '    cluster:',
  '      server: https://127.0.0.1:1',
  'contexts:',
  '  - name: lab # the lab cluster',
  '    context: {cluster: lab, user: me}',
  '  - name: other',
  '    context: {cluster: lab, user: me}',
  'current-context: lab',
  'users:',
  '  - name: me',
  '    user: {token: abc}',
  '',
].join('\n');

async function control(path: string, body: unknown): Promise<void> {
  const response = await fetch(`${fakeAwsUrl()}/__fakeaws/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(response.status, 200, await response.text());
}

/** Answers the deploy wizard for Tator: the caller's /32 is loopback here, other values the template's defaults. */
function person(reviews: Asked[]): (a: Asked) => Reply {
  return (a) => {
    if (/What do you want to deploy/i.test(a.text)) return { pick: /Tator/ };
    if (/Region to deploy to/i.test(a.text)) return { pick: /^us-east-1$/ };
    if (/Stack name/i.test(a.text)) return { input: STACK };
    if (/Review, then create/i.test(a.text)) {
      reviews.push(a);
      return { pick: /Create stack/ };
    }
    if (a.kind === 'pick') return { pick: /.*/ };
    const about = `${a.title} ${a.text}`;
    if (/IPv4 range|cidr/i.test(about)) return { input: '127.0.0.1/32' };
    if (/GPU workers/i.test(about)) return { input: '0' };
    if (/CPU workers/i.test(about)) return { input: '2' };
    if (/release commit|image/i.test(about)) return { input: TATOR_IMAGE };
    throw new Error(`unexpected question: ${about}`);
  };
}

async function stackNode(): Promise<{ node: ExplorerNode; path: string }> {
  const { services } = await activatedExtension();
  return eventually(`the tree node of ${STACK}`, async () => {
    await services.stacksTree.refresh();
    await services.stacksTree.whenLoaded();
    const row = (await walkTree(services.stacksTree, 1)).find((r) => r.depth === 1 && r.label === STACK && /\baction:writeKubeconfig\b/.test(r.contextValue));
    return row ? { node: row.node, path: row.path } : undefined;
  }, 30000);
}

describe('Tator journey inside VS Code: palette deploy with staging consent, then kubeconfig and Tator on loopback stand-ins', function () {
  this.timeout(120000);
  let api: KubeApiStandIn | undefined;
  let page: StandIn | undefined;
  let capture: WindowCapture | undefined;
  const savedKubeconfig = process.env.KUBECONFIG;

  async function run(command: string, reply: (q: AskedQuestion) => QuestionReply): Promise<AskedQuestion[]> {
    const { node } = await stackNode();
    const questions = scriptQuestions(reply);
    try {
      await vscode.commands.executeCommand(command, node);
    } finally {
      questions.restore();
    }
    return questions.asked;
  }

  before(async function () {
    this.timeout(60000);
    await ensureScriptedRegions();
    api = await startKubeApi();
    page = await startTatorPage();
    const tatorUrl = `http://127.0.0.1:${page.port}/`;
    await control('planned-stack', { region: REGION, stackName: STACK, outputs: { ClusterName: CLUSTER, TatorUrl: tatorUrl, WebUrl: tatorUrl } });
    await control('eks-cluster', { region: REGION, stackName: STACK, clusterName: CLUSTER, endpoint: api.endpoint, certificateAuthorityData: api.certificateAuthorityData });
  });

  beforeEach(() => {
    capture = captureWindow();
  });
  afterEach(() => {
    capture?.restore();
    capture = undefined;
  });

  after(async () => {
    if (savedKubeconfig === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = savedKubeconfig;
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label.endsWith(`: ${STACK}`));
    await vscode.window.tabGroups.close(tabs);
    await api?.stop();
    await page?.stop();
  });

  it('deploys from the palette: the review gives the cost and the staging, the bucket is asked for, the stack completes as a Tator stack', async () => {
    const { services } = await activatedExtension();
    const reviews: Asked[] = [];
    const consent = scriptQuestions((q) => (q.kind === 'modal' && /larger than 51,200 bytes/.test(q.text) ? /^Create Bucket$/ : 'dismiss'));
    let asked: Asked[];
    try {
      asked = await withScriptedQuickInput(person(reviews), () => vscode.commands.executeCommand('imagingLab.deployStack'));
    } finally {
      consent.restore();
    }
    assert.match(asked[0]?.text ?? '', /What do you want to deploy/);
    const review = reviews.at(-1)?.items ?? [];
    assert.ok(review.some((l) => /Cost: ~\$0\.62\/h with 0 GPU workers \(2 × m5\.xlarge, db\.t4g\.small\); each g4dn\.xlarge GPU worker adds ~\$0\.54\/h/.test(l)), review.join('\n'));
    assert.ok(review.some((l) => /The template is 158 KB, over CloudFormation's 51,200-byte limit/.test(l)), review.join('\n'));
    assert.ok(review.some((l) => /^\$\(info\) Allowed IPv4 range: 127\.0\.0\.1\/32$/.test(l)), review.join('\n'));
    assert.deepEqual(consent.asked.map((q) => q.kind), ['modal'], 'the staging bucket is asked for once, after Create');
    assert.match(consent.asked[0]!.text, /Create the bucket imaging-lab-templates-\d{12}-us-east-1 in us-east-1\?/);

    const cfn = await services.session.session.clients.cloudFormation(REGION);
    const stack = await eventually('the stack to complete on the fake endpoint', async () => {
      const s = (await cfn.send(new DescribeStacksCommand({ StackName: STACK }))).Stacks?.[0];
      return s?.StackStatus === 'CREATE_COMPLETE' ? s : undefined;
    }, 60000, 500);
    assert.equal(stack.Tags?.find((t) => t.Key === TAG_KIND)?.Value, 'tator');
    assert.equal(stack.Outputs?.find((o) => o.OutputKey === 'ClusterName')?.OutputValue, CLUSTER);
    const { path } = await stackNode();
    assert.equal(path, `Tator / ${STACK}`);
  });

  it('Write Kubeconfig merges a context into the user\'s kubeconfig that really reaches the cluster\'s API with an aws eks get-token token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'il-tator-kube-'));
    const file = join(dir, 'config');
    writeFileSync(file, EXISTING_KUBECONFIG, { mode: 0o600 });
    process.env.KUBECONFIG = file;
    const asked = await run('imagingLab.writeKubeconfig', () => 'dismiss');
    assert.deepEqual(asked, []);
    assert.deepEqual(capture!.messages.filter((m) => m.level === 'error'), []);
    const text = readFileSync(file, 'utf8');
    const arn = `arn:aws:eks:${REGION}:`;
    assert.ok(text.startsWith('# my clusters\n'), text);
    assert.ok(text.includes('  - name: lab # the lab cluster\n'), 'the user\'s comments are kept');
    assert.match(text, /^current-context: lab$/m, 'the user\'s current context is kept');
    assert.ok(text.includes(arn), text);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const backups = readdirSync(dir).filter((f) => /^config\.imaging-lab-.*\.bak$/.test(f));
    assert.equal(backups.length, 1, readdirSync(dir).join(', '));
    assert.equal(readFileSync(join(dir, backups[0]!), 'utf8'), EXISTING_KUBECONFIG);
    const contextName = contextOfCluster(file, CLUSTER);
    assert.ok(contextName?.startsWith(arn), `context of the cluster: ${contextName}`);

    const cli = fakeAwsCli(api!.token);
    const answer = await useKubeconfigContext(file, contextName!, cli.binDir);
    assert.equal(answer.status, 200, answer.body);
    assert.equal(JSON.parse(answer.body).gitVersion, 'v1.36.0-eks-standin');
    assert.deepEqual(api!.seen.map((r) => [r.method, r.path, r.authorization]), [['GET', '/version', `Bearer ${api!.token}`]]);
    assert.match(cli.calls()[0] ?? '', new RegExp(`^--region ${REGION} eks get-token --cluster-name ${CLUSTER} --output json AWS_PROFILE=`));
  });

  it('Open Tator checks the page answers, warns that it is plain HTTP, then opens it', async () => {
    const env = vscode.env as { openExternal: typeof vscode.env.openExternal };
    const original = env.openExternal;
    const opened: string[] = [];
    env.openExternal = async (uri: vscode.Uri) => (opened.push(uri.toString(true)), true);
    let asked: AskedQuestion[];
    try {
      asked = await run('imagingLab.openTator', (q) => (q.kind === 'modal' ? /^Open Tator$/ : 'dismiss'));
    } finally {
      env.openExternal = original;
    }
    assert.deepEqual(asked.map((q) => q.text), [`Tator of ${STACK} is served over plain HTTP (127.0.0.1:${page!.port}).`]);
    assert.deepEqual(page!.seen.map((r) => [r.method, r.path]), [['GET', '/']], 'the stand-in page answered the check');
    assert.deepEqual(opened, [`http://127.0.0.1:${page!.port}/`]);
    assert.deepEqual(capture!.messages.filter((m) => m.level === 'error'), []);
  });

  it('Scale GPU Workers prices each count, then updates GpuWorkers through the change set the user executes', async () => {
    const { services } = await activatedExtension();
    const asked = await run('imagingLab.scaleGpuWorkers', (q) => (/Scale GPU workers|GPU workers: 0 now/.test(q.text) ? /^2 GPU workers$/ : /Execute change set/));
    assert.match(asked[0]?.text ?? '', /g4dn\.xlarge GPU workers: 0 now/);
    assert.equal(asked[0]?.choices[0], '0 GPU workers (now)');
    assert.equal(asked[0]?.choices.length, 11);
    assert.ok(asked.some((q) => q.choices.some((c) => /Execute change set/.test(c))), JSON.stringify(asked));
    assert.deepEqual(capture!.messages.filter((m) => m.level === 'error'), []);
    const cfn = await services.session.session.clients.cloudFormation(REGION);
    await eventually('GpuWorkers = 2 on the stack', async () => {
      const s = (await cfn.send(new DescribeStacksCommand({ StackName: STACK }))).Stacks?.[0];
      return s?.Parameters?.find((p) => p.ParameterKey === 'GpuWorkers')?.ParameterValue === '2' && /COMPLETE$/.test(s.StackStatus ?? '') ? true : undefined;
    }, 60000, 500);
  });
});
