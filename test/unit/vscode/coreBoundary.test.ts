import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { ESLint } from 'eslint';

describe('architecture lint', () => {
  it('rejects a vscode import anywhere in src/core', async function () {
    this.timeout(60_000);
    const eslint = new ESLint({ cwd: resolve(__dirname, '../../..') });
    const [result] = await eslint.lintText("import * as vscode from 'vscode';\nexport const x = vscode;\n", { filePath: 'src/core/stacks/probe.ts' });
    assert.ok(result?.messages.some((m) => m.ruleId === 'no-restricted-imports' && /src\/core must not import vscode/.test(m.message)));
    const [ui] = await eslint.lintText("import * as vscode from 'vscode';\nexport const x = vscode;\n", { filePath: 'src/vscode/probe.ts' });
    assert.equal(ui?.messages.filter((m) => m.ruleId?.includes('no-restricted-imports')).length, 0);
  });
});
