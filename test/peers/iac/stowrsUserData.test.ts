import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newPlainApp, templateOf } from '../../../templates/cdk/common/plainApp';
import { StowrsStack } from '../../../templates/cdk/stowrs/stowrsStack';
import { instanceFile } from '../../../templates/cdk/stowrs/stowrsUserData';
import { requireTool } from '../../support/requireTool';

interface Intrinsic {
  readonly 'Fn::Join'?: [string, unknown[]];
  readonly 'Fn::GetAtt'?: [string, string];
  readonly Ref?: string;
}

/** The launch template's user data as the instance receives it, CloudFormation values made up. */
function renderedUserData(): string {
  const template = templateOf(new StowrsStack(newPlainApp(), 'ShellcheckStowrs')) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
  const launchTemplate = Object.values(template.Resources).find((r) => r.Type === 'AWS::EC2::LaunchTemplate')!;
  const data = launchTemplate.Properties.LaunchTemplateData as { UserData: { 'Fn::Base64': unknown } };
  const render = (v: unknown): string => {
    if (typeof v === 'string') return v;
    const o = v as Intrinsic;
    if (o['Fn::Join']) return o['Fn::Join'][1].map(render).join(o['Fn::Join'][0]);
    if (o.Ref) return `placeholder-${o.Ref.replace(/[^A-Za-z0-9-]/g, '')}`;
    if (o['Fn::GetAtt']) return `placeholder-${o['Fn::GetAtt'].join('-')}`;
    throw new Error(`unexpected intrinsic ${JSON.stringify(o)}`);
  };
  return render(data.UserData['Fn::Base64']);
}

describe('STOW-RS user data (assembled)', function () {
  this.timeout(120_000);
  let text: string;
  before(() => {
    text = renderedUserData();
  });

  it('passes shellcheck as the instance receives it (exports, heredoc files, installer)', () => {
    const tool = requireTool('shellcheck', 'shellcheck');
    const dir = mkdtempSync(join(tmpdir(), 'stowrs-userdata-'));
    try {
      const file = join(dir, 'user-data.sh');
      writeFileSync(file, text);
      const result = spawnSync(tool, ['--shell=bash', '--severity=style', '--format=gcc', file], { encoding: 'utf8', timeout: 60_000 });
      assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes the unit, log rotation and agent files byte for byte, then runs main', () => {
    assert.match(text, /^#!\/bin\/bash\nexport STOWRS_STACK_NAME='placeholder-AWSStackName'\n/);
    const json = instanceFile('cloudwatch-agent.json');
    assert.ok(text.includes(`cat >/opt/stowrs/files/cloudwatch-agent.json <<'IMAGING_LAB_FILE'\n${json}IMAGING_LAB_FILE\n`));
    assert.ok(text.includes('ExecStart=/opt/stowrs/node /opt/stowrs/stowrs-service.js\n'));
    assert.ok(text.includes('AmbientCapabilities=CAP_NET_BIND_SERVICE\n'));
    assert.ok(!/^\s*# upstream/m.test(text), 'comments are dropped from user data');
    assert.ok(text.trimEnd().endsWith('if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then main "$@"; fi'));
  });

  it('runs under bash -n (syntax) with the real bash', () => {
    const result = spawnSync('bash', ['-n'], { input: text, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
  });
});
