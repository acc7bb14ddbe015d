import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Top-level package names under node_modules that carry a binding.gyp (scoped packages expanded). */
export function nativePackageNames(nodeModules) {
  const names = [];
  for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const scoped = entry.name.startsWith('@');
    const children = scoped ? readdirSync(join(nodeModules, entry.name)).map((n) => `${entry.name}/${n}`) : [entry.name];
    for (const name of children) if (existsSync(join(nodeModules, name, 'binding.gyp'))) names.push(name);
  }
  return names;
}

/**
 * Native packages that cannot be loaded by this Node — the sign that `npm rebuild` skipped or failed
 * their build (some, like @parcel/watcher, load a prebuilt sibling package instead of build/).
 * Loaded in a child process so a crashing addon cannot take the installer down with it.
 */
export function findUnloadableNativeModules(serverRoot) {
  const names = nativePackageNames(join(serverRoot, 'node_modules'));
  const probe = `const bad=[];for(const n of ${JSON.stringify(names)}){try{require(n)}catch(e){bad.push(n+': '+String(e.message).split('\\n')[0])}}console.log(JSON.stringify(bad))`;
  const r = spawnSync(process.execPath, ['-e', probe], { cwd: serverRoot, encoding: 'utf8' });
  if (r.status !== 0) return [`probe crashed: ${r.stderr.trim().split('\n').pop()}`];
  return JSON.parse(r.stdout.trim());
}
