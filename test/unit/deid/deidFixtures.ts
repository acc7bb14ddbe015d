import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeidSession } from '../../../src/core/deid/deidSession';
import { writeDeidentifiedCopies } from '../../../src/core/deid/dryRun';
import { BASIC_OPTIONS, type DeidOptions } from '../../../src/core/deid/profileActions';
import { ProjectMap } from '../../../src/core/deid/projectMap';
import { readFileSync } from 'node:fs';

export function tempDir(prefix = 'imaging-lab-deid-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeTemp(bytes: Buffer, name = 'in.dcm'): string {
  const path = join(tempDir(), name);
  writeFileSync(path, bytes);
  return path;
}

/** De-identifies files and returns each rewritten instance's bytes (through the dry-run writer). */
export async function deidentify(
  paths: readonly string[],
  options: DeidOptions = BASIC_OPTIONS,
  map = ProjectMap.empty(),
  includeBurnedIn = true,
): Promise<{ outputs: Buffer[]; plan: Awaited<ReturnType<DeidSession['plan']>> }> {
  const session = await DeidSession.start(options, map);
  try {
    const plan = await session.plan(paths, { includeBurnedIn });
    const written = await writeDeidentifiedCopies(plan.instances, tempDir());
    return { outputs: written.map((w) => readFileSync(w.target)), plan };
  } finally {
    await session.close();
  }
}
