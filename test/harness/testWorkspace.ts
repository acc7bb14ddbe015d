import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { minimalDicom } from './minimalDicom';

export interface TestWorkspace {
  /** Folder opened in VS Code. */
  readonly folder: string;
  /** HOME of the server and its extension host, holding a fake ~/.aws. */
  readonly home: string;
  readonly root: string;
  dispose(): void;
}

/**
 * A throwaway HOME with an AWS profile of fake static keys (region: the first of `regions`), and a
 * workspace folder with DICOM files to right-click whose settings name all `regions` (unless the
 * suite chooses them itself, as the integration suite does through "Select AWS Regions").
 */
export function createTestWorkspace(repoRoot: string, regions: readonly string[], options: { regionsInWorkspaceSettings?: boolean } = {}): TestWorkspace {
  const root = mkdtempSync(join(tmpdir(), 'imaging-lab-ws-'));
  const home = join(root, 'home');
  const folder = join(root, 'workspace');
  mkdirSync(join(home, '.aws'), { recursive: true, mode: 0o700 });
  writeFileSync(join(home, '.aws', 'config'), `[default]\nregion = ${regions[0] ?? 'us-east-1'}\n`);
  writeFileSync(join(home, '.aws', 'credentials'), '[default]\naws_access_key_id = AKIAFAKE0000000000\naws_secret_access_key = fake-secret-key\n', { mode: 0o600 });

  mkdirSync(join(folder, '.vscode'), { recursive: true });
  writeFileSync(
    join(folder, '.vscode', 'settings.json'),
    JSON.stringify({ ...(options.regionsInWorkspaceSettings === false ? {} : { 'imagingLab.aws.regions': regions }), 'workbench.startupEditor': 'none', 'workbench.welcomePage.walkthroughs.openOnInstall': false, 'workbench.tips.enabled': false }, null, 2),
  );
  const studies = join(folder, 'studies');
  mkdirSync(studies, { recursive: true });
  const samples = join(repoRoot, 'media', 'samples', 'ct');
  const sampleFiles = existsSync(samples) ? readdirSync(samples).filter((f) => f.endsWith('.dcm')) : [];
  if (sampleFiles.length > 0) cpSync(samples, join(studies, 'ct'), { recursive: true });
  writeFileSync(join(studies, 'phantom.dcm'), minimalDicom());
  writeFileSync(join(folder, 'README.md'), '# Imaging Lab test workspace\n');
  return { folder, home, root, dispose: () => rmSync(root, { recursive: true, force: true }) };
}
