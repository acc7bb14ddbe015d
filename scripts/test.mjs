// `npm test`: installs what is missing (npm packages, Debian test peers), then runs every tier
// (lint + types, unit, real peers, inside VS Code, end to end) and prints one summary.
// A missing component is a failure, never a skip.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNodeModules } from './ensureNodeModules.mjs';
import { installMissing } from './systemDeps.mjs';
import { testTiers } from './testTiers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

const TIERS = testTiers(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')));

function run(cmd) {
  return new Promise((resolveRun) => {
    const child = spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let text = '';
    const forward = (stream, sink) =>
      stream.on('data', (chunk) => {
        text += chunk.toString();
        sink.write(chunk);
      });
    forward(child.stdout, process.stdout);
    forward(child.stderr, process.stderr);
    child.on('close', (code, signal) => resolveRun({ code: code ?? (signal ? 1 : 0), text }));
  });
}

// Mocha colours its summary when CI is set (supports-color), so strip escape codes before counting.
// eslint-disable-next-line no-control-regex -- matching the ESC of colour codes is the point
const ANSI = /\u001b\[[0-9;]*m/g;

function count(text, word) {
  return [...text.replace(ANSI, '').matchAll(new RegExp(`^\\s*(\\d+) ${word}\\b`, 'gm'))].reduce((sum, m) => sum + Number(m[1]), 0);
}

async function main() {
  const started = Date.now();
  ensureNodeModules(root);
  const stillMissing = installMissing();
  if (stillMissing.length > 0) {
    console.error(`npm test: missing Debian packages: ${stillMissing.join(' ')}\nInstall them (as root: apt-get install ${stillMissing.join(' ')}) and run npm test again.`);
    process.exit(1);
  }
  const results = [];
  for (const tier of TIERS) {
    const t0 = Date.now();
    console.log(`\n=== ${tier.name}: ${tier.cmd.join(' ')}`);
    if (tier.missing) {
      console.error(`npm test: the ${tier.name} tier cannot run: ${tier.missing}.`);
      results.push({ name: tier.name, code: 1, passed: 0, failed: 1, seconds: 0 });
      continue;
    }
    let { code, text } = await run(tier.cmd);
    if (code === 0 && tier.then) ({ code, text } = await run(tier.then));
    const passed = count(text, 'passing');
    const failed = count(text, 'failing');
    // A test tier that passes without running a single test is broken, not green.
    if (code === 0 && tier.name !== 'lint + types' && passed === 0) {
      console.error(`npm test: the ${tier.name} tier ran no test.`);
      code = 1;
    }
    results.push({ name: tier.name, code, passed, failed: failed || (code !== 0 ? 1 : 0), seconds: (Date.now() - t0) / 1000 });
  }
  console.log('\n=== summary');
  for (const r of results) console.log(`${r.name.padEnd(16)} ${r.code === 0 ? 'ok  ' : 'FAIL'}  ${String(r.passed).padStart(4)} passed  ${String(r.failed).padStart(3)} failed  ${r.seconds.toFixed(1)} s`);
  const passed = results.reduce((s, r) => s + r.passed, 0);
  const failed = results.reduce((s, r) => s + r.failed, 0);
  console.log(`total time ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`tests: ${passed} passed, ${failed} failed`);
  process.exit(results.every((r) => r.code === 0) ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
