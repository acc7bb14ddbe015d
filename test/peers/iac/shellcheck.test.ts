import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SCRIPTS_DIR } from '../../../templates/cdk/common/scriptFile';
import { newPlainApp, templateOf } from '../../../templates/cdk/common/plainApp';
import { MdeStack } from '../../../templates/cdk/mde/mdeStack';
import { TATOR_INSTALLER_LOGICAL_ID } from '../../../templates/cdk/tator/tatorInstaller';
import { ORTHANC_INSTANCE_LOGICAL_ID } from '../../../templates/cdk/orthanc/orthancServer';
import { OrthancStack } from '../../../templates/cdk/orthanc/orthancStack';
import { requireTool } from '../../support/requireTool';
import { renderedUserData as userDataOf } from '../../support/userDataText';
import { evaluate } from '../../unit/iac/cfnEval';
import { synthOf } from '../../unit/iac/synthFixture';
import { tatorSampleReferences } from '../../unit/iac/tatorReferences';

const TEMPLATES_DIR = dirname(SCRIPTS_DIR);

function shellcheck(tool: string, file: string): { status: number | null; output: string } {
  const run = spawnSync(tool, ['--shell=bash', '--severity=style', '--format=gcc', file], { encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** Renders the instance's user data as EC2 would receive it, with the CloudFormation values made up. */
interface Intrinsic {
  readonly 'Fn::Join'?: [string, unknown[]];
  readonly Ref?: string;
}

function renderedUserData(): string {
  const template = templateOf(new MdeStack(newPlainApp(), 'ShellcheckMde')) as {
    Resources: { MdeInstance: { Properties: { UserData: { 'Fn::Base64': unknown } } } };
  };
  const render = (v: unknown): string => {
    if (typeof v === 'string') return v;
    const o = v as Intrinsic;
    if (o['Fn::Join']) return o['Fn::Join'][1].map(render).join(o['Fn::Join'][0]);
    if (o.Ref) return `placeholder-${o.Ref.replace(/[^A-Za-z0-9-]/g, '')}`;
    throw new Error(`unexpected intrinsic ${JSON.stringify(o)}`);
  };
  return render(template.Resources.MdeInstance.Properties.UserData['Fn::Base64']);
}

/** Every `.sh` file under templates/ (kinds keep instance scripts in templates/scripts or templates/<kind>/). */
function shellScripts(dir = TEMPLATES_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : shellScripts(path);
    return entry.name.endsWith('.sh') ? [path] : [];
  });
}

describe('shell scripts of the templates (shellcheck)', function () {
  this.timeout(120_000);
  let tool = '';
  before(() => {
    tool = requireTool('shellcheck', 'shellcheck');
    execFileSync(tool, ['--version']);
  });

  it('finds scripts to check', () => {
    assert.ok(readdirSync(SCRIPTS_DIR).some((f) => f.endsWith('.sh')));
    assert.ok(shellScripts().some((f) => f.startsWith(SCRIPTS_DIR)));
  });

  it('passes every shell script under templates/ at style level', () => {
    for (const file of shellScripts()) {
      const result = shellcheck(tool, file);
      assert.equal(result.status, 0, `${file}:\n${result.output}`);
    }
  });

  it('passes the assembled MDE user data (generated header + installer)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'imaging-lab-shellcheck-'));
    try {
      const file = join(dir, 'user-data.sh');
      const text = renderedUserData();
      assert.match(text, /^#!\/bin\/bash\nexport MDE_STACK_NAME='placeholder-AWSStackName'/);
      writeFileSync(file, text);
      const result = shellcheck(tool, file);
      assert.equal(result.status, 0, result.output);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('passes the assembled Tator installer user data (generated header + bootstrap)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'imaging-lab-shellcheck-'));
    try {
      const template = synthOf('tator').template as { Resources: Record<string, { Properties: { UserData: unknown } }> };
      const text = evaluate(template.Resources[TATOR_INSTALLER_LOGICAL_ID]!.Properties.UserData, tatorSampleReferences(template));
      assert.match(text, /^#!\/bin\/bash\nexport TATOR_STACK_NAME='tator-test'/);
      const file = join(dir, 'user-data.sh');
      writeFileSync(file, text);
      const result = shellcheck(tool, file);
      assert.equal(result.status, 0, result.output);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('passes the assembled Orthanc user data (header, bundle heredocs, compacted installer)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'imaging-lab-shellcheck-'));
    try {
      const file = join(dir, 'user-data.sh');
      const text = userDataOf(templateOf(new OrthancStack(newPlainApp(), 'ShellcheckOrthanc')), ORTHANC_INSTANCE_LOGICAL_ID);
      assert.match(text, /^#!\/bin\/bash\nexport ORTHANC_STACK_NAME='placeholder-AWSStackName'/);
      writeFileSync(file, text);
      const result = shellcheck(tool, file);
      assert.equal(result.status, 0, result.output);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a real defect, so a pass above means something (upstream glued apt lines)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'imaging-lab-shellcheck-'));
    try {
      const file = join(dir, 'bad.sh');
      writeFileSync(file, '#!/bin/bash\ncd $HOME/deploy\nsu -c " echo "@reboot sleep 60" > /tmp crontab.save" monaiuser\n');
      const result = shellcheck(tool, file);
      assert.notEqual(result.status, 0);
      assert.match(result.output, /SC2086|SC2140/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
