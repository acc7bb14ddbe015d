import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isRegionName } from '../aws/regions';
import { ensurePrivateDir, writeFileAtomic } from '../ssh/secureFile';

/** Prices change a few times a year; a day keeps the Price List API out of every refresh. */
export const PRICE_TTL_MS = 24 * 3600_000;

/** A cached answer: a price, or "the Price List has no such product" (also worth remembering). */
export type CachedPrice = { readonly at: number; readonly usdPerUnitHour: number; readonly sku: string } | { readonly at: number; readonly missing: true };

function valid(entry: unknown): CachedPrice | undefined {
  const e = entry as Record<string, unknown> | null;
  if (typeof e !== 'object' || e === null || typeof e.at !== 'number' || !Number.isFinite(e.at)) return undefined;
  if (e.missing === true) return { at: e.at, missing: true };
  if (typeof e.usdPerUnitHour === 'number' && Number.isFinite(e.usdPerUnitHour) && e.usdPerUnitHour >= 0 && typeof e.sku === 'string') {
    return { at: e.at, usdPerUnitHour: e.usdPerUnitHour, sku: e.sku };
  }
  return undefined;
}

/**
 * Prices per region on disk (`<dir>/prices-<region>.json`), each entry fresh for a day. The file
 * is ours but read as untrusted: anything malformed is dropped and fetched again.
 */
export class PriceCache {
  private readonly regions = new Map<string, Map<string, CachedPrice>>();
  private readonly dirty = new Set<string>();

  constructor(
    private readonly dir: string | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  private file(region: string): string | undefined {
    return this.dir && isRegionName(region) ? join(this.dir, `prices-${region}.json`) : undefined;
  }

  private async load(region: string): Promise<Map<string, CachedPrice>> {
    let entries = this.regions.get(region);
    if (entries) return entries;
    entries = new Map();
    const file = this.file(region);
    if (file) {
      try {
        const parsed = JSON.parse(await readFile(file, 'utf8')) as { entries?: Record<string, unknown> };
        for (const [key, raw] of Object.entries(parsed.entries ?? {})) {
          const entry = valid(raw);
          if (entry) entries.set(key, entry);
        }
      } catch {
        // No cache yet, or an unreadable one: prices are fetched again.
      }
    }
    this.regions.set(region, entries);
    return entries;
  }

  /** The entry if it is younger than a day. */
  async get(region: string, key: string): Promise<CachedPrice | undefined> {
    const entry = (await this.load(region)).get(key);
    return entry && this.now() - entry.at < PRICE_TTL_MS && entry.at <= this.now() ? entry : undefined;
  }

  async set(region: string, key: string, entry: CachedPrice): Promise<void> {
    (await this.load(region)).set(key, entry);
    this.dirty.add(region);
  }

  /** Writes the regions that changed (0600 in a 0700 folder, atomically). */
  async save(): Promise<void> {
    for (const region of this.dirty) {
      const file = this.file(region);
      const entries = this.regions.get(region);
      if (!file || !entries || !this.dir) continue;
      await ensurePrivateDir(this.dir);
      await writeFileAtomic(file, `${JSON.stringify({ region, entries: Object.fromEntries(entries) }, null, 1)}\n`, { mode: 0o600 });
    }
    this.dirty.clear();
  }
}
