import { homedir } from 'node:os';
import { join } from 'node:path';
import { useCodeCache, writeCodeCache } from '../core/runtime/vendorModules';
import { runCli } from './main';

// The SDK versions are pinned (package.json), so its notice about future releases needing Node 22
// says nothing actionable to a CLI user; keep stderr for real problems.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Commands that load the AWS SDK start from the code V8 compiled for it on an earlier run.
const cacheHome = process.env.XDG_CACHE_HOME?.startsWith('/') ? process.env.XDG_CACHE_HOME : join(homedir(), '.cache');
useCodeCache(join(cacheHome, 'imaging-lab', 'code-cache'));
process.once('exit', writeCodeCache);

const controller = new AbortController();
process.once('SIGINT', () => controller.abort(new Error('Interrupted')));
runCli(process.argv.slice(2), {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  env: process.env,
  signal: controller.signal,
  startedAt: 0,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`imaging-lab: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
