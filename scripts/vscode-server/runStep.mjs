import { spawn } from 'node:child_process';

/**
 * Runs one install step, streaming its output with a prefix so a slow step visibly progresses.
 * Rejects with the command line and exit code on failure.
 */
export function runStep(label, command, args, { cwd, env = {}, log = console.log } = {}) {
  log(`[vscode-server] ${label}: ${command} ${args.join(' ')}  (in ${cwd})`);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const onData = (chunk) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-4000);
      for (const line of text.split('\n')) if (line.trim()) log(`  ${line}`);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (err) => reject(new Error(`${label}: cannot run ${command}: ${err.message}`)));
    child.on('close', (code, signal) => {
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      if (code === 0) {
        log(`[vscode-server] ${label}: done in ${secs}s`);
        resolve();
      } else {
        reject(new Error(`${label} failed (exit ${code ?? signal}) after ${secs}s: ${command} ${args.join(' ')}\n${tail}`));
      }
    });
  });
}
