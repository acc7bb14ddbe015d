// Builds the extension host bundle, the CLI, the lazily loaded vendor bundles and every webview.
// Usage: node esbuild.js [--production] [--watch]
const esbuild = require('esbuild');
const { copyFileSync, existsSync, mkdirSync, readdirSync } = require('node:fs');
const { join, resolve } = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/**
 * Heavy packages live in their own files under dist/vendor and are required only when code that
 * needs them runs (every import of them in src/ sits behind a dynamic import boundary), so the
 * activation bundle stays small. Tests run against node_modules directly.
 */
const VENDOR_PACKAGES = [
  '@aws-sdk/client-cloudformation',
  '@aws-sdk/client-cloudwatch',
  '@aws-sdk/client-ec2',
  '@aws-sdk/client-ec2-instance-connect',
  '@aws-sdk/client-eks',
  '@aws-sdk/client-pricing',
  '@aws-sdk/client-rds',
  '@aws-sdk/client-s3',
  '@aws-sdk/client-secrets-manager',
  '@aws-sdk/client-ssm',
  '@aws-sdk/client-sts',
  '@aws-sdk/credential-providers',
  'ssh2',
  'yaml',
  'dicom-parser',
  'ssh-config',
  'node-forge',
  're2js',
  // lab kind: ACM (Client VPN certificates)
  '@aws-sdk/client-acm',
];
const VENDOR_LOADER = join(__dirname, 'src/core/runtime/vendorModules.ts');
const vendorFile = (pkg) => pkg.replace(/^@aws-sdk\//, 'aws-').replace(/[^a-z0-9-]/gi, '-');

/** An import of a vendor package becomes a call of the vendor loader (src/core/runtime/vendorModules.ts). */
const vendorExternals = {
  name: 'vendor-externals',
  setup(build) {
    const filter = new RegExp(`^(${VENDOR_PACKAGES.map((p) => p.replace(/[/.]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'vendor-module' }));
    build.onLoad({ filter: /.*/, namespace: 'vendor-module' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(VENDOR_LOADER)}).loadVendorModule(${JSON.stringify(`${vendorFile(args.path)}.js`)});`,
      resolveDir: __dirname,
      loader: 'js',
    }));
  },
};

const vendorEntries = {
  name: 'vendor-entries',
  setup(build) {
    build.onResolve({ filter: /^vendor-entry:/ }, (args) => ({ path: args.path.slice('vendor-entry:'.length), namespace: 'vendor-entry' }));
    build.onLoad({ filter: /.*/, namespace: 'vendor-entry' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      resolveDir: __dirname,
      loader: 'js',
    }));
  },
};

const nodeCommon = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: true,
  sourcesContent: false,
  logLevel: 'warning',
  // Turns import() into a deferred require(), so a lazily needed module (and the vendor file it
  // requires) is evaluated on first use instead of at load.
  supported: { 'dynamic-import': false },
  // ssh2's optional native helpers: absent means it uses its JavaScript implementations.
  external: ['vscode', 'cpu-features', '*.node'],
};

/**
 * dcmjs-imaging loads its codec WebAssembly with eval("fetch(...)") (hiding fetch from bundlers).
 * The preview's CSP has no 'unsafe-eval', so the webview build turns that into a plain fetch call.
 */
const FETCH_THROUGH_EVAL = 'eval("fetch(this.webAssemblyModulePathOrUrl || wasmFilename)")';
const codecFetchWithoutEval = {
  name: 'codec-fetch-without-eval',
  setup(build) {
    build.onLoad({ filter: /dcmjs-imaging[\\/]build[\\/]dcmjs-imaging\.min\.js$/ }, async (args) => {
      const source = await require('node:fs/promises').readFile(args.path, 'utf8');
      if (!source.includes(FETCH_THROUGH_EVAL)) throw new Error(`${args.path}: the eval'd fetch of the codecs was not found; check the CSP of the DICOM preview`);
      return { contents: source.replace(FETCH_THROUGH_EVAL, 'fetch(this.webAssemblyModulePathOrUrl || wasmFilename)'), loader: 'js' };
    });
  },
};

function webviewEntries() {
  const dir = join(__dirname, 'webview');
  if (!existsSync(dir)) return {};
  return Object.fromEntries(
    readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'main.ts')))
      .map((d) => [`webview/${d.name}`, join(dir, d.name, 'main.ts')]),
  );
}

const AWS_PACKAGES = VENDOR_PACKAGES.filter((p) => p.startsWith('@aws-sdk/'));
const OTHER_VENDOR_PACKAGES = VENDOR_PACKAGES.filter((p) => !AWS_PACKAGES.includes(p));
const AWS_CORE_FILE = './aws-core.js';

/** `@scope/name` or `name` of a bare specifier or of a path inside node_modules. */
function packageOf(specifierOrPath) {
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(specifierOrPath);
  if (inModules) return inModules[1];
  const bare = /^((?:@[^/]+\/)?[^/.][^/]*)/.exec(specifierOrPath);
  return bare ? bare[1] : undefined;
}

/**
 * Each AWS client bundle used to carry its own copy of the SDK's core (Smithy runtime, credential
 * chain, signing, protocols: ~420 KB each). One analysis build finds the packages that two or more
 * AWS vendor bundles contain (the core) and every specifier the client code imports them by; the
 * core becomes one file, vendor/aws-core.js, that evaluates each module on first use, and the client
 * bundles take those modules from it. Loading a second client then costs only that client's code.
 */
async function analyseAwsCore() {
  const imports = []; // [importer package, specifier]
  const record = {
    name: 'record-imports',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.namespace === 'file') imports.push([packageOf(args.importer), args.path]);
        return undefined;
      });
    },
  };
  const result = await esbuild.build({ ...awsClientBuild([]), plugins: [vendorEntries, record], write: false, metafile: true, minify: false });
  const bundlesPerPackage = new Map();
  for (const output of Object.values(result.metafile.outputs)) {
    const packages = new Set(Object.keys(output.inputs).map(packageOf).filter(Boolean));
    for (const p of packages) bundlesPerPackage.set(p, (bundlesPerPackage.get(p) ?? 0) + 1);
  }
  const core = new Set([...bundlesPerPackage].filter(([, n]) => n >= 2).map(([p]) => p));
  const specifiers = [...new Set(imports.filter(([from, spec]) => !core.has(from) && core.has(packageOf(spec))).map(([, spec]) => spec))].sort();
  return { core, specifiers };
}

/** The core file: a table of the core's entry modules, each evaluated on first use. */
function awsCoreBuild({ specifiers }) {
  return {
    ...nodeCommon,
    stdin: {
      contents: `module.exports = {\n${specifiers.map((s) => `  ${JSON.stringify(s)}: () => require(${JSON.stringify(s)}),`).join('\n')}\n};\n`,
      resolveDir: __dirname,
      loader: 'js',
    },
    outfile: 'dist/vendor/aws-core.js',
    minify: true,
    sourcemap: false,
  };
}

/** Client bundles take every core module from vendor/aws-core.js instead of bundling it. */
function sharedAwsCore({ core, specifiers }) {
  return {
    name: 'shared-aws-core',
    setup(build) {
      build.onResolve({ filter: /^\.\/aws-core\.js$/ }, (args) => ({ path: args.path, external: true }));
      build.onResolve({ filter: /^[^./]/ }, (args) => (core.has(packageOf(args.path)) ? { path: args.path, namespace: 'aws-core' } : undefined));
      build.onLoad({ filter: /.*/, namespace: 'aws-core' }, (args) => {
        if (!specifiers.includes(args.path)) return { errors: [{ text: `${args.path} is not in the shared AWS core table` }] };
        return { contents: `module.exports = require(${JSON.stringify(AWS_CORE_FILE)})[${JSON.stringify(args.path)}]();`, loader: 'js' };
      });
    },
  };
}

function awsClientBuild(plugins) {
  return {
    ...nodeCommon,
    entryPoints: Object.fromEntries(AWS_PACKAGES.map((p) => [`vendor/${vendorFile(p)}`, `vendor-entry:${p}`])),
    outdir: 'dist',
    minify: true,
    sourcemap: false,
    plugins: [vendorEntries, ...plugins],
  };
}

async function allBuilds() {
  const awsCore = await analyseAwsCore();
  return [...builds, awsCoreBuild(awsCore), awsClientBuild([sharedAwsCore(awsCore)])];
}

/**
 * The extension's code (extension-main.js) takes the vendor loader from extension.js, the small
 * entry VS Code loads, which loads extension-main.js through the code cache: one loader, one cache.
 */
const loaderFromEntry = {
  name: 'loader-from-entry',
  setup(build) {
    build.onResolve({ filter: /vendorModules(\.ts)?$/ }, (args) =>
      resolve(args.resolveDir, args.path).replace(/\.ts$/, '') === VENDOR_LOADER.replace(/\.ts$/, '') ? { path: './extension.js', external: true } : undefined,
    );
  },
};

/** Builds that need no analysis: the extension, the CLI, the non-AWS vendor bundles and the webviews. */
const builds = [
  { ...nodeCommon, entryPoints: { 'extension-main': 'src/vscode/extension.ts' }, outdir: 'dist', plugins: [vendorExternals, loaderFromEntry] },
  { ...nodeCommon, entryPoints: { extension: 'src/vscode/extensionEntry.ts' }, outdir: 'dist' },
  // The DICOM scan runs in a worker thread started from this file at scan time (never at activation).
  { ...nodeCommon, entryPoints: { scanWorker: 'src/core/dicom/scanWorker.ts' }, outdir: 'dist', plugins: [vendorExternals] },
  {
    ...nodeCommon,
    entryPoints: { cli: 'src/cli/bin.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [vendorExternals],
  },
  // The STOW-RS-to-S3 service: one self-contained file (AWS SDK included) that the deploy stages
  // to S3 and the instance runs with Amazon Linux's Node. Never loaded by the extension.
  {
    ...nodeCommon,
    entryPoints: { 'stowrs-service': 'templates/stowrs/service/main.ts' },
    outdir: 'dist',
    minify: true,
    sourcemap: false,
    external: [],
    // The instance runs Node 20 (AL2023 nodejs20), the same target as the extension.
    target: 'node20',
  },
  {
    ...nodeCommon,
    entryPoints: Object.fromEntries(OTHER_VENDOR_PACKAGES.map((p) => [`vendor/${vendorFile(p)}`, `vendor-entry:${p}`])),
    outdir: 'dist',
    minify: true,
    sourcemap: false,
    plugins: [vendorEntries],
  },
];
const webviews = webviewEntries();
if (Object.keys(webviews).length > 0) {
  builds.push({
    entryPoints: webviews,
    outdir: 'dist',
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: production,
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'warning',
    loader: { '.css': 'text' },
    plugins: [codecFetchWithoutEval],
  });
}

/** Files webviews load at run time from dist/webview (the DICOM preview's codec WebAssembly). */
function copyWebviewAssets() {
  mkdirSync(join(__dirname, 'dist', 'webview'), { recursive: true });
  copyFileSync(require.resolve('dcmjs-imaging/build/dcmjs-native-codecs.wasm'), join(__dirname, 'dist', 'webview', 'dcmjs-native-codecs.wasm'));
}

async function main() {
  copyWebviewAssets();
  const all = await allBuilds();
  if (watch) {
    const contexts = await Promise.all(all.map((b) => esbuild.context(b)));
    await Promise.all(contexts.map((c) => c.watch()));
    console.log('esbuild: watching for changes');
    return;
  }
  await Promise.all(all.map((b) => esbuild.build(b)));
}

module.exports = { builds, allBuilds, VENDOR_PACKAGES };

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
