import assert from 'node:assert/strict';
import { dismissedExitCode, SshTerminalSession } from '../../../src/vscode/terminal/sshTerminalSession';

/**
 * One notification for a failed terminal: VS Code shows "The terminal process terminated with exit
 * code: N" for a Pseudoterminal that closes with a non-zero code. The session has already said what
 * happened in the terminal, so closing after a failure passes no code.
 */
describe('closing an ended SSH terminal', () => {
  function failingSession() {
    const sink = { text: '', closed: [] as (number | undefined)[] };
    const session = new SshTerminalSession(
      'mde-research',
      {
        connect: async () => {
          throw new Error('SSH connection to 127.0.0.1:2222 failed: connect ECONNREFUSED 127.0.0.1:2222.');
        },
        unknownHostKey: async () => 'cancel',
      },
      { write: (t) => (sink.text += t), close: (code) => sink.closed.push(code) },
    );
    return { session, sink };
  }

  it('explains a refused connection in the terminal, then closes without an exit code for VS Code to announce', async () => {
    const { session, sink } = failingSession();
    await session.open(80, 24);
    assert.equal(session.currentState, 'ended');
    assert.match(sink.text, /ECONNREFUSED 127\.0\.0\.1:2222\..*Press R to reconnect, any other key to close\./s);
    assert.deepEqual(sink.closed, [], 'the terminal stays open to show what happened');
    session.input('q');
    assert.deepEqual(sink.closed, [undefined]);
  });

  it('reconnects on R instead of closing', async () => {
    const { session, sink } = failingSession();
    await session.open(80, 24);
    session.input('R');
    await new Promise((r) => setImmediate(r));
    assert.equal((sink.text.match(/Connecting to mde-research/g) ?? []).length, 2);
    assert.deepEqual(sink.closed, []);
  });

  it('keeps success, drops every code the terminal already explained', () => {
    assert.equal(dismissedExitCode(0), 0);
    for (const reported of [255, 3, 1, undefined]) assert.equal(dismissedExitCode(reported), undefined, String(reported));
  });
});
