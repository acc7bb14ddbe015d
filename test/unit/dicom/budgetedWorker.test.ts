import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runBudgeted, type BudgetBreach } from '../../../src/core/dicom/budgetedWorker';
import { typeScriptWorker } from '../../../src/core/dicom/scanWorkerScript';

const script = typeScriptWorker(join(__dirname, 'fixtures', 'misbehavingWorker.ts'));
const breached = (input: string, breach: BudgetBreach, detail: string) => `${input}: ${breach} (${detail})`;

describe('runBudgeted (worker thread with a time and memory budget per task)', function () {
  this.timeout(60_000);

  it('blames only the tasks that break the budget on their own and answers every other one', async () => {
    const inputs = ['a', 'spin', 'b', 'c', 'hog', 'd', 'throw', 'e', 'exit', 'f'];
    const progress: number[] = [];
    const results = await runBudgeted(inputs, { script, concurrency: 4, msPerTask: 3000, heapMb: 32, breached, onResult: (done) => progress.push(done) });
    assert.deepEqual(results, [
      'answered a',
      'spin: time (more than 3.0 s)',
      'answered b',
      'answered c',
      'hog: memory (more than 32 MB of memory)',
      'answered d',
      'throw: crash (refused throw)',
      'answered e',
      'exit: crash (the checking thread stopped (exit code 3))',
      'answered f',
    ]);
    assert.deepEqual(progress, inputs.map((_, i) => i + 1));
  });

  it('stops and rejects when aborted, even with a task spinning', async () => {
    const controller = new AbortController();
    const run = runBudgeted(['spin', 'a'], { script, concurrency: 2, msPerTask: 600_000, heapMb: 32, breached, signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    await assert.rejects(run, { name: 'AbortError' });
  });

  it('answers an empty list without starting a worker', async () => {
    assert.deepEqual(await runBudgeted([], { script: { filename: '/nonexistent.js' }, concurrency: 1, msPerTask: 1, heapMb: 1, breached }), []);
  });
});
