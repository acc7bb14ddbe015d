// The tiers `npm test` runs, in order; each is one command whose mocha-style summary is counted.

/**
 * The browser tiers run through their package.json scripts (they build first). A script that left
 * package.json is a broken suite, not a tier to drop: the tier carries `missing` and fails.
 */
export function testTiers(manifest) {
  const tiers = [
    { name: 'lint + types', cmd: ['npx', 'eslint', '.'], then: ['npx', 'tsc', '-p', '.'] },
    { name: 'unit', cmd: ['npx', 'c8', '--reporter=text-summary', '--reporter=lcov', 'mocha'] },
    { name: 'real peers', cmd: ['npx', 'mocha', '--config', '.mocharc.peers.json'] },
  ];
  for (const [script, name] of [['test:integration', 'inside VS Code'], ['test:e2e', 'end to end']]) {
    tiers.push({ name, cmd: ['npm', 'run', '--silent', script], missing: manifest.scripts?.[script] ? undefined : `package.json has no "${script}" script` });
  }
  return tiers;
}
