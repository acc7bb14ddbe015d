// One sample of bench/activation, in a fresh Node process: loads an extension bundle against the
// `vscode` stand-in, runs activate(), and waits until the Stacks tree holds the first stacks its
// first reload() listed (AWS_ENDPOINT_URL points at the local fake AWS). Prints one JSON line.
// Usage: node probe.js <vscode stub.js> <extension bundle.js> [global storage folder (code cache)]
const Module = require('node:module');
const { statSync } = require('node:fs');
const { performance } = require('node:perf_hooks');

const [stub, bundle, storage] = process.argv.slice(2);
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? stub : resolveFilename.call(this, request, ...rest);
};
require(stub);
// The Node built-ins the VS Code extension host has already loaded for itself (its proxy support
// loads undici and @vscode/proxy-agent), when asked to run as in the extension host.
for (const name of (process.env.HOST_BUILTINS ?? '').split(',').filter(Boolean)) require(`node:${name}`);
const preloaded = new Set(Object.keys(require.cache));

/** Files this sample required (the bundle and what it loaded), with their bytes. */
function loadedFiles() {
  return Object.keys(require.cache)
    .filter((file) => !preloaded.has(file))
    .map((file) => ({ file, bytes: statSync(file).size }));
}

const memento = { get: () => undefined, update: async () => undefined, keys: () => [] };
const context = {
  subscriptions: [],
  extensionUri: { fsPath: '', path: '', scheme: 'file' },
  extension: { packageJSON: { version: '0.0.0' } },
  ...(storage ? { globalStorageUri: { fsPath: storage, path: storage, scheme: 'file' } } : {}),
  globalState: memento,
  workspaceState: memento,
  secrets: { get: async () => undefined, store: async () => undefined, delete: async () => undefined, onDidChange: () => ({ dispose() {} }) },
};

const t0 = performance.now();
const extension = require(bundle);
const t1 = performance.now();
const services = extension.activate(context);
const t2 = performance.now();
const atActivation = loadedFiles();

const deadline = setTimeout(() => {
  process.stderr.write('no stacks in the tree after 60 s\n');
  process.exit(2);
}, 60_000);

services.stacksTree.onDidLoad(async (inventory) => {
  const groups = await services.stacksTree.getChildren();
  const stacks = (await Promise.all(groups.map((g) => services.stacksTree.getChildren(g)))).flat();
  const t3 = performance.now();
  clearTimeout(deadline);
  if (stacks.length === 0) {
    process.stderr.write(`the first load listed no stacks: ${JSON.stringify(inventory.failures)}\n`);
    process.exit(3);
  }
  const files = loadedFiles();
  process.stdout.write(
    JSON.stringify({
      loadMs: t1 - t0,
      activateMs: t2 - t1,
      firstStacksMs: t3 - t0,
      stacks: stacks.length,
      bytesAtActivation: atActivation.reduce((sum, f) => sum + f.bytes, 0),
      bytesToFirstStacks: files.reduce((sum, f) => sum + f.bytes, 0),
      files: files.map((f) => f.file),
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
    }),
  );
  extension.deactivate(); // writes the code cache, as VS Code's shutdown does (not timed)
  process.exit(0);
});
