import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseIni } from '../../../src/core/aws/iniFile';
import { formatConfigProblem, listProfiles } from '../../../src/core/aws/profiles';
import { resolveRegions } from '../../../src/core/aws/regions';

function files(config: string | undefined, credentials: string | undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'il-aws-'));
  const paths = { configFile: join(dir, 'config'), credentialsFile: join(dir, 'credentials') };
  if (config !== undefined) writeFileSync(paths.configFile, config);
  if (credentials !== undefined) writeFileSync(paths.credentialsFile, credentials);
  return paths;
}

describe('AWS shared config', () => {
  it('lists profiles of both files with their kind and region, default first', async () => {
    const paths = files(
      [
        '[default]',
        'region = eu-west-1',
        '',
        '[profile research]',
        'sso_session = uni',
        'sso_account_id = 123456789012',
        'sso_role_name = Researcher',
        'region = us-east-1',
        '[sso-session uni]',
        'sso_start_url = https://uni.awsapps.com/start',
        '[profile ci]',
        'credential_process = /usr/local/bin/get-creds',
        '[profile admin]',
        'role_arn = arn:aws:iam::123456789012:role/Admin',
        'source_profile = default',
        's3 =',
        '  max_concurrent_requests = 4',
      ].join('\n'),
      '[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = x\n[student]\naws_access_key_id = AKID2\naws_secret_access_key = y\n',
    );
    const { profiles, problems } = await listProfiles(paths);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      profiles.map((p) => [p.name, p.source, p.region]),
      [
        ['default', 'static', 'eu-west-1'],
        ['admin', 'assume-role', undefined],
        ['ci', 'process', undefined],
        ['research', 'sso', 'us-east-1'],
        ['student', 'static', undefined],
      ],
    );
    assert.equal(profiles.find((p) => p.name === 'research')?.loginHint, 'aws sso login --profile research');
  });

  it('reports malformed lines with file and line and keeps the other profiles', async () => {
    const paths = files('[profile good]\nregion = us-west-2\n[profile broken\nregion = x\nthis line is junk\n[profile fine]\nregion = eu-central-1\n', undefined);
    const { profiles, problems } = await listProfiles(paths);
    assert.deepEqual(profiles.map((p) => p.name), ['fine', 'good']);
    assert.deepEqual(problems.map(formatConfigProblem), [
      `${paths.configFile}:3: section header is missing "]"`,
      `${paths.configFile}:5: expected "key = value" or "[section]"`,
    ]);
  });

  it('treats missing files as no profiles, not as an error', async () => {
    const { profiles, problems } = await listProfiles(files(undefined, undefined));
    assert.deepEqual([profiles, problems], [[], []]);
  });

  it('parses CRLF, comments and settings before any section', () => {
    const result = parseIni('; comment\r\nregion = x\r\n[default] # trailing\r\nregion = us-east-1\r\n');
    assert.deepEqual(result.problems, [{ line: 2, message: 'setting outside of any [section]' }]);
    assert.deepEqual(result.sections, [{ header: 'default', line: 3, values: { region: 'us-east-1' } }]);
  });

  it('resolves regions: configured list, else profile, else environment, else us-east-1', () => {
    assert.deepEqual(resolveRegions(['eu-west-1', 'eu-west-1', ' us-east-2 '], 'ap-south-1', {}), ['eu-west-1', 'us-east-2']);
    assert.deepEqual(resolveRegions([], 'ap-south-1', { AWS_REGION: 'ca-central-1' }), ['ap-south-1']);
    assert.deepEqual(resolveRegions([], undefined, { AWS_DEFAULT_REGION: 'ca-central-1' }), ['ca-central-1']);
    assert.deepEqual(resolveRegions([], undefined, {}), ['us-east-1']);
  });
});
