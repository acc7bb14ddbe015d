import { runCli } from './main';

const controller = new AbortController();
process.once('SIGINT', () => controller.abort(new Error('Interrupted')));
runCli(process.argv.slice(2), {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  env: process.env,
  signal: controller.signal,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`imaging-lab: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
