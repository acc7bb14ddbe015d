import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { VENDOR_PACKAGES } = require(join(root, 'esbuild.js')) as { VENDOR_PACKAGES: string[] };

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Packages a file loads at run time: value imports, dynamic imports and requires (not `import type`). */
function loadedPackages(text: string, pattern: string): string[] {
  const found = new Set<string>();
  const name = `(${pattern}[^'"]*)`;
  for (const re of [new RegExp(`import\\s+(?!type\\s)[^;]*?from\\s+['"]${name}['"]`, 'gs'), new RegExp(`(?:import|require)\\(\\s*['"]${name}['"]\\s*\\)`, 'g')]) {
    for (const match of text.matchAll(re)) if (match[1]) found.add(match[1]);
  }
  return [...found];
}

describe('lazy vendor bundles', () => {
  it('every AWS SDK package the extension or the CLI can load is a lazy vendor bundle of esbuild.js', () => {
    const missing: string[] = [];
    let seen = 0;
    for (const file of sources(join(root, 'src'))) {
      for (const pkg of loadedPackages(readFileSync(file, 'utf8'), '@aws-sdk/')) {
        seen++;
        if (!VENDOR_PACKAGES.includes(pkg)) missing.push(`${pkg} (${file.slice(root.length + 1)})`);
      }
    }
    assert.ok(seen > 10, `${seen} AWS SDK imports found: the scan of src/ found too few to be looking at the right thing`);
    assert.deepEqual(missing, [], 'add these to VENDOR_PACKAGES in esbuild.js so they load on first use, never at activation');
  });

  it('tells value imports from type-only ones', () => {
    const text = "import type { A } from '@aws-sdk/client-a';\nimport {\n  B,\n  type C,\n} from '@aws-sdk/client-b';\nconst d = await import('@aws-sdk/client-d');";
    assert.deepEqual(loadedPackages(text, '@aws-sdk/').sort(), ['@aws-sdk/client-b', '@aws-sdk/client-d']);
  });
});
