import assert from 'node:assert/strict';
import { mutationScores, scoreTable } from '../../../scripts/mutationScores.mjs';

const m = (...statuses: string[]) => ({ mutants: statuses.map((status) => ({ status })) });

describe('mutation score table', () => {
  const report = {
    files: {
      'src/core/ssh/a.ts': m('Killed', 'Killed', 'Survived', 'Timeout'),
      'src/core/ssh/sub/b.ts': m('NoCoverage', 'CompileError'),
      'src/core/cfn/c.ts': m('Killed', 'Ignored'),
      'src/vscode/d.ts': m('Survived'),
    },
  };

  it('scores each first-level folder of src/core as killed + timeout over killed, timeout, survived and no coverage', () => {
    const { folders, total } = mutationScores(report);
    assert.deepEqual(folders.map((f) => [f.folder, f.mutants, f.killed, f.survived, f.noCoverage, f.other]), [
      ['src/core/cfn/', 2, 1, 0, 0, 1],
      ['src/core/ssh/', 6, 3, 1, 1, 1],
    ]);
    assert.equal(folders[0]?.score, 100);
    assert.equal(folders[1]?.score, 60);
    // Files outside src/core are not counted; the total is over the scored mutants of every folder.
    assert.equal(total.mutants, 8);
    assert.equal(total.score, (100 * 4) / 6);
  });

  it('prints one Markdown row per folder and the total last', () => {
    const lines = scoreTable(mutationScores(report)).split('\n');
    assert.equal(lines.length, 5);
    assert.match(lines[2] ?? '', /^\| `src\/core\/cfn\/` \| 2 \| 1 \| 0 \| 0 \| 1 \| 100\.0% \|$/);
    assert.match(lines[4] ?? '', /^\| \*\*src\/core\*\* \| 8 \| 4 \| 1 \| 1 \| 2 \| \*\*66\.7%\*\* \|$/);
  });

  it('says n/a for a folder whose mutants were all unscored', () => {
    const { folders } = mutationScores({ files: { 'src/core/x/y.ts': m('CompileError') } });
    assert.equal(folders[0]?.score, undefined);
    assert.match(scoreTable(mutationScores({ files: { 'src/core/x/y.ts': m('CompileError') } })), /\| n\/a \|/);
  });
});
