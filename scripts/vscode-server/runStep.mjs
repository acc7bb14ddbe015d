import { spawn } from 'node:child_process';

const running = new Set();
let signalsHooked = false;

/** Ctrl-C or SIGTERM during an install stops the npm/node-gyp process tree too, not just us. */
function hookSignals() {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.on(signal, () => {
      for (const child of running) killTree(child);
      process.exit(code);
    });
  }
  process.on('exit', () => {
    for (const child of running) killTree(child);
  });
}

function killTree(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * Runs one install step in its own process group, streaming its output with a prefix so a slow
 * step visibly progresses. Rejects with the command line and exit code on failure.
 */
export function runStep(label, command, args, { cwd, env = {}, log = console.log } = {}) {
  hookSignals();
  log(`[vscode-server] ${label}: ${command} ${args.join(' ')}  (in ${cwd})`);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    running.add(child);
    let tail = '';
    const onData = (chunk) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-4000);
      for (const line of text.split('\n')) if (line.trim()) log(`  ${line}`);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (err) => {
      running.delete(child);
      reject(new Error(`${label}: cannot run ${command}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      running.delete(child);
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
