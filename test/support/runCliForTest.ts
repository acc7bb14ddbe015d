import { runCli } from '../../src/cli/main';

/** Runs one CLI invocation in-process with captured output (AWS calls go to aws-sdk-client-mock). */
export async function runCliForTest(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    out: (t) => (out += t),
    err: (t) => (err += t),
    env: { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', ...env },
    signal: new AbortController().signal,
  });
  return { code, out, err };
}
