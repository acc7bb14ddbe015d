import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ensurePrivateDir, writeFileAtomic } from '../ssh/secureFile';
import { isValidUid } from '../dicom/uid';

/**
 * The project's de-identification map: original UID -> replacement UID, and patient -> pseudonym.
 * The same original always gets the same replacement, so studies and series sent at different
 * times stay together. It is the key back to identity: it lives only in a local 0600 file and is
 * never sent anywhere.
 */
export interface ProjectMapData {
  readonly version: 1;
  readonly uids: Record<string, string>;
  readonly patients: Record<string, string>;
}

const PSEUDONYM = /^IL-[0-9A-F]{10}$/;

export class ProjectMap {
  private changed = false;

  private constructor(private readonly data: { uids: Map<string, string>; patients: Map<string, string> }) {}

  static empty(): ProjectMap {
    return new ProjectMap({ uids: new Map(), patients: new Map() });
  }

  /** Parses and checks a saved map: every value must be a UID / pseudonym of ours. */
  static fromJson(text: string, source = 'the de-identification map'): ProjectMap {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new Error(`${source} is not valid JSON (${(error as Error).message}); restore it from a backup or move it away to start a new map`, { cause: error });
    }
    const data = parsed as Partial<ProjectMapData> | null;
    if (!data || data.version !== 1 || typeof data.uids !== 'object' || typeof data.patients !== 'object' || !data.uids || !data.patients) {
      throw new Error(`${source} is not an Imaging Lab de-identification map (version 1 with uids and patients)`);
    }
    const uids = new Map<string, string>();
    for (const [from, to] of Object.entries(data.uids)) {
      if (typeof to !== 'string' || !isValidUid(to)) throw new Error(`${source}: the replacement for UID ${from} is not a valid UID`);
      uids.set(from, to);
    }
    const patients = new Map<string, string>();
    for (const [from, to] of Object.entries(data.patients)) {
      if (typeof to !== 'string' || !PSEUDONYM.test(to)) throw new Error(`${source}: a patient pseudonym is malformed`);
      patients.set(from, to);
    }
    return new ProjectMap({ uids, patients });
  }

  /** Loads the map, or starts an empty one when the file does not exist yet. */
  static async load(path: string): Promise<ProjectMap> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ProjectMap.empty();
      throw error;
    }
    return ProjectMap.fromJson(text, path);
  }

  /** The replacement for a UID: the one recorded, or a new random 2.25 UID (PS3.5 §B.2) recorded now. */
  uid(original: string): string {
    const known = this.data.uids.get(original);
    if (known) return known;
    const fresh = `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString(10)}`;
    this.data.uids.set(original, fresh);
    this.changed = true;
    return fresh;
  }

  /** The pseudonym of a patient (key: issuer + ID, or name when there is no ID). */
  pseudonym(patientKey: string): string {
    const known = this.data.patients.get(patientKey);
    if (known) return known;
    const fresh = `IL-${randomBytes(5).toString('hex').toUpperCase()}`;
    this.data.patients.set(patientKey, fresh);
    this.changed = true;
    return fresh;
  }

  get size(): { uids: number; patients: number } {
    return { uids: this.data.uids.size, patients: this.data.patients.size };
  }

  get dirty(): boolean {
    return this.changed;
  }

  toJson(): string {
    const data: ProjectMapData = { version: 1, uids: Object.fromEntries(this.data.uids), patients: Object.fromEntries(this.data.patients) };
    return `${JSON.stringify(data, null, 1)}\n`;
  }

  /**
   * Writes the map 0600 (atomically). A missing folder is created 0700; an existing one is made
   * private only when asked (the extension's own storage), never a folder the user named.
   */
  async save(path: string, options: { privateFolder?: boolean } = {}): Promise<void> {
    if (options.privateFolder) await ensurePrivateDir(dirname(path));
    else await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFileAtomic(path, this.toJson(), { mode: 0o600 });
    this.changed = false;
  }
}
