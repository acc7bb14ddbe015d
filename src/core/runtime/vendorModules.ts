import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { Module, createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/**
 * Loads the vendor bundles (dist/vendor/*.js: the AWS SDK, ssh2, YAML...) for the extension and the
 * CLI bundles (esbuild.js routes every import of a vendor package here), and the extension itself
 * (dist/extension-main.js, from dist/extension.js). Most of what the first stack listing costs is
 * V8 compiling code, so with a cache folder set each bundle is compiled
 * through V8's code cache: the first run writes the code V8 compiled (after it ran, so the functions
 * it used are included) and later runs start from it. A cache entry is keyed by a hash of the file's
 * text and the Node version, so an updated bundle never meets stale code; V8 refuses cache data of
 * another V8 build. Any cache problem falls back to compiling as usual.
 */
interface Compiled {
  readonly script: Script;
  readonly cacheFile: string;
}

const WRITE_DELAY_MS = 5_000;
const SIBLING = /^\.\/([\w.-]+\.js)$/;
/** Bundles compiled from the cache and without it in this process (for the activation benchmark and tests). */
const use = { fromCache: [] as string[], compiled: [] as string[] };
const unsaved: Compiled[] = [];
let cacheDir: string | undefined;
let writeTimer: NodeJS.Timeout | undefined;

/** Compile bundles through a code cache kept in `dir` (created 0700); undefined turns it off. */
export function useCodeCache(dir: string | undefined): void {
  cacheDir = dir;
}

/** `require` of dist/vendor/<file>, through the code cache when one is set. */
export function loadVendorModule(file: string, vendorDir = join(__dirname, 'vendor')): unknown {
  return loadBundle(join(vendorDir, file));
}

/** `require` of a bundle (absolute path), through the code cache when one is set. */
export function loadBundle(file: string): unknown {
  const nodeRequire = createRequire(file);
  // Resolved like any require (of the full path), so tests that record module resolution see the loads.
  const path = nodeRequire.resolve(file);
  const known = nodeRequire.cache[path];
  if (known) return known.exports;
  return cacheDir ? runCached(path, cacheDir) : nodeRequire(path);
}

function runCached(path: string, dir: string): unknown {
  const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(path, 'utf8')}\n})`;
  const hash = createHash('sha256').update(`${process.version}\0${process.arch}\0${source}`).digest('hex').slice(0, 24);
  const cacheFile = join(dir, `${basename(path, '.js')}-${hash}.v8`);
  const cachedData = readIfPresent(cacheFile);
  const script = new Script(source, { filename: path, ...(cachedData ? { cachedData } : {}) });
  const hit = cachedData !== undefined && script.cachedDataRejected !== true;
  use[hit ? 'fromCache' : 'compiled'].push(basename(path));
  if (!hit) remember({ script, cacheFile });

  const nodeRequire = createRequire(path);
  const module = new Module(path);
  module.filename = path;
  nodeRequire.cache[path] = module;
  // A bundle requiring a sibling bundle (a client taking the shared SDK core) goes through the cache too.
  const requireFromBundle = Object.assign((id: string) => {
    const sibling = SIBLING.exec(id);
    return sibling?.[1] ? loadBundle(join(dirname(path), sibling[1])) : nodeRequire(id);
  }, nodeRequire);
  try {
    (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, requireFromBundle, module, path, dirname(path));
  } catch (error) {
    delete nodeRequire.cache[path];
    throw error;
  }
  module.loaded = true;
  return module.exports;
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

function remember(compiled: Compiled): void {
  unsaved.push(compiled);
  clearTimeout(writeTimer);
  writeTimer = setTimeout(writeCodeCache, WRITE_DELAY_MS);
  writeTimer.unref();
}

export function codeCacheUse(): { readonly fromCache: readonly string[]; readonly compiled: readonly string[] } {
  return { fromCache: [...use.fromCache], compiled: [...use.compiled] };
}

/** Writes the cache of every bundle compiled without one (also called on deactivate and CLI exit). */
export function writeCodeCache(): void {
  clearTimeout(writeTimer);
  const dir = cacheDir;
  if (!dir) return;
  for (const { script, cacheFile } of unsaved.splice(0)) {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      // Entries of earlier versions of the same bundle are dropped.
      const name = basename(cacheFile).replace(/-[0-9a-f]{24}\.v8$/, '');
      for (const old of readdirSync(dir)) if (old.replace(/-[0-9a-f]{24}\.v8$/, '') === name) rmSync(join(dir, old), { force: true });
      const partial = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
      renameSync(partial, cacheFile);
    } catch {
      // A cache that cannot be written only means the next start compiles again.
    }
  }
}
