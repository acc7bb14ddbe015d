import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedLabFile, labFile, writeFileStep } from '../../../templates/cdk/lab/labFiles';
import { synthOf } from '../../unit/iac/synthFixture';
import { requireTool } from '../../support/requireTool';

/** The instance's user data as EC2 receives it, with every CloudFormation value made up. */
function renderedUserData(logicalId: string): string {
  const resources = synthOf('lab').template.Resources as Record<string, { Properties: { UserData: { 'Fn::Base64': unknown } } }>;
  const render = (v: unknown): string => {
    if (typeof v === 'string') return v;
    const o = v as Record<string, unknown>;
    if (Array.isArray(o['Fn::Join'])) {
      const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
      return parts.map(render).join(sep);
    }
    if (typeof o.Ref === 'string') return `placeholder-${o.Ref.replace(/[^A-Za-z0-9-]/g, '')}`;
    if (o['Fn::Select']) return '0f1e2d3c-4b5a-6978-8a9b-acbdcedfe0f1';
    throw new Error(`unexpected intrinsic ${JSON.stringify(o)}`);
  };
  return render(resources[logicalId]!.Properties.UserData['Fn::Base64']);
}

function run(tool: string, args: string[], input?: string): { status: number | null; out: string; err: string } {
  const r = spawnSync(tool, args, { encoding: 'utf8', timeout: 60_000, ...(input !== undefined ? { input } : {}) });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

describe('lab instances: user data and the files it writes', function () {
  this.timeout(180_000);
  let dir = '';
  let shellcheck = '';
  let python = '';
  before(() => {
    shellcheck = requireTool('shellcheck', 'shellcheck');
    python = requireTool('python3', 'python3');
    dir = mkdtempSync(join(tmpdir(), 'imaging-lab-lab-userdata-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [id, installer, exportsLine] of [
    ['JupyterInstance', 'jupyter/jupyter-install.sh', "export LAB_TOKEN_SECRET_ARN='placeholder-JupyterToken'"],
    ['FileGatorInstance', 'filegator/filegator-install.sh', "export LAB_ADMIN_SECRET_ARN='placeholder-FileGatorAdminPassword'"],
  ] as const) {
    it(`${id}: the assembled user data (inputs, embedded files, helpers, installer) passes shellcheck and bash -n`, () => {
      const text = renderedUserData(id);
      assert.match(text, /^#!\/bin\/bash\nexport LAB_STACK_NAME='placeholder-AWSStackName'\n/);
      assert.ok(text.includes(exportsLine), exportsLine);
      assert.ok(text.endsWith(embeddedLabFile(installer).replace(/^#![^\n]*\n/, '')), 'ends with the installer');
      assert.ok(Buffer.byteLength(text) < 16_384, `${Buffer.byteLength(text)} bytes: EC2 refuses user data over 16 KB`);
      const file = join(dir, `${id}.sh`);
      writeFileSync(file, text);
      const check = run(shellcheck, ['--shell=bash', '--severity=style', '--format=gcc', file]);
      assert.equal(check.status, 0, check.out + check.err);
      const syntax = run('bash', ['-n', file]);
      assert.equal(syntax.status, 0, syntax.err);
    });
  }

  it('writes each embedded file byte for byte with its mode (quoted heredoc: no expansion)', () => {
    const target = join(dir, 'written', 'jupyter.service');
    const content = embeddedLabFile('jupyter/jupyter.service') + 'literal $HOME `id` $(id)\n';
    execFileSync('bash', ['-euc', `mkdir -p '${join(dir, 'written')}'\n${writeFileStep(target, '0640', content)}`]);
    assert.equal(readFileSync(target, 'utf8'), content);
    assert.equal(statSync(target).mode & 0o777, 0o640);
    assert.throws(() => writeFileStep(target, '0644', 'x\nIMAGING_LAB_EOF\n'), /heredoc marker/);
  });

  it('keeps what the embedded Python needs: each file still parses after comments and docstrings are dropped', () => {
    for (const f of ['lambda/process_image.py', 'jupyter/upload_test_image.py', 'filegator/filegator_users.py']) {
      const embedded = embeddedLabFile(f);
      assert.ok(embedded.length < labFile(f).length, `${f} was not compacted`);
      assert.ok(!/^\s*#/m.test(embedded), `${f} keeps a comment line`);
      const parsed = run(python, ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], embedded);
      assert.equal(parsed.status, 0, `${f}: ${parsed.err}`);
    }
  });

  it("writes FileGator's users file with the generated hash for admin and a guest without permissions", () => {
    const hash = `$2y$10$${'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXY./0'.slice(0, 53)}`;
    const script = join(dir, 'filegator_users.py');
    writeFileSync(script, embeddedLabFile('filegator/filegator_users.py'));
    const ok = run(python, [script], `${hash}\n`);
    assert.equal(ok.status, 0, ok.err);
    const users = JSON.parse(ok.out) as Record<string, { username: string; role: string; permissions: string; password: string }>;
    assert.deepEqual(Object.values(users).map((u) => [u.username, u.role]), [['admin', 'admin'], ['guest', 'guest']]);
    assert.equal(users['1']!.password, hash);
    assert.deepEqual(users['1']!.permissions.split('|').sort(), ['batchdownload', 'chmod', 'delete', 'download', 'read', 'upload', 'write', 'zip']);
    assert.equal(users['2']!.permissions, '');
    assert.equal(users['2']!.password, '');
    for (const bad of ['', 'admin123', `${hash}\n${hash}`, hash.slice(0, -1)]) {
      const refused = run(python, [script], bad);
      assert.equal(refused.status, 2, `accepted ${JSON.stringify(bad)}`);
      assert.equal(refused.out, '');
      assert.match(refused.err, /bcrypt hash/);
    }
  });
});
