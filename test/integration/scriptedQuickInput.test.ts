import assert from 'node:assert/strict';
import { QuickInputPrompter } from '../../src/vscode/wizards/quickInputPrompter';
import { withScriptedQuickInput } from './support/scriptedQuickInput';

const INFO = { title: 'Deploy · Costs · Stop when idle', step: 4, canGoBack: true };
const PICK = { placeholder: 'Choose Stop when idle', items: [{ label: 'auto', value: 'auto' }, { label: 'on', value: 'on', picked: true }, { label: 'off', value: 'off' }] };

/** A wizard step that never returns after its box is hidden: what used to hang a journey until its timeout. */
function stuckAfter(step: () => Promise<unknown>): () => Promise<never> {
  return () => step().then(() => new Promise<never>(() => undefined));
}

describe('scripted quick input (the wizard test helper): an unanswered question fails the test at once, naming it', () => {
  const prompter = new QuickInputPrompter();

  it('"accept" is Enter on what the box shows: the highlighted item, the pre-filled value', async () => {
    const answers: unknown[] = [];
    const asked = await withScriptedQuickInput(() => 'accept', async () => {
      answers.push(await prompter.pick(INFO, PICK));
      answers.push(await prompter.input(INFO, { prompt: 'Idle below (% CPU)', value: '10' }));
    });
    assert.deepEqual(answers, ['on', '10']);
    assert.deepEqual(asked.map((a) => a.current), ['on', '10']);
  });

  it('a responder that throws: the run rejects with the question (title, placeholder, items) even if the command never returns', async () => {
    await assert.rejects(
      withScriptedQuickInput(() => {
        throw new Error('no rule for this question');
      }, stuckAfter(() => prompter.pick(INFO, PICK))),
      (error: Error) => {
        assert.match(error.message, /the responder failed on pick "Deploy · Costs · Stop when idle" asking "Choose Stop when idle" \(items: auto \| on \| off\): no rule for this question/);
        return true;
      },
    );
  });

  it('a pick that matches no item: the run rejects naming the pattern and the items, and the box is hidden (the wizard ends)', async () => {
    let answer: unknown = 'not answered';
    await assert.rejects(
      withScriptedQuickInput(() => ({ pick: /^sometimes$/ }), async () => {
        answer = await prompter.pick(INFO, PICK);
      }),
      /no item matches \/\^sometimes\$\/ on pick "Deploy · Costs · Stop when idle" asking "Choose Stop when idle" \(items: auto \| on \| off\)/,
    );
    assert.equal(answer, undefined, 'dismissed');
  });

  it('a value rejected round after round: the run rejects with the prompt, the value and the validation messages', async () => {
    await assert.rejects(
      withScriptedQuickInput(() => ({ input: 'orthanc-first-image' }), stuckAfter(() => prompter.input(INFO, { prompt: 'Budget alerts to (e-mail)', value: '', validate: (v) => (v.includes('@') ? undefined : 'must be an e-mail address.') }))),
      /5 answers rejected on input "Deploy · Costs · Stop when idle" asking "Budget alerts to \(e-mail\)" \(value: ""\), the last "orthanc-first-image": must be an e-mail address\./,
    );
  });
});
