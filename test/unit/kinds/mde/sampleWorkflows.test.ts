import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { listSampleWorkflows, parseRegistration, registerSampleWorkflows } from '../../../../src/core/kinds/mde/sampleWorkflows';
import { MdeRemoteError } from '../../../../src/core/kinds/mde/mdeRemote';
import { shellQuote } from '../../../../src/core/ssh/shellQuote';
import { fakeExec } from './fakeExec';

const ENV = { stdout: 'MDE_DIR=/home/monaiuser/monai-deploy-express\nMDE_VERSION=0.6.0\n' };
const LIST = { stdout: 'lung-seg.json\nhello-world.json\n' };
const MARK = '__IMAGING_LAB_HTTP_STATUS__';

function installed(post: (command: string) => { code?: number; stdout: string; stderr?: string }) {
  return fakeExec([
    [/^cat \/etc\/imaging-lab-mde\.env$/, ENV],
    [/curl -fsS -m 10 -o \/dev\/null http:\/\/127\.0\.0\.1:5001\/health$/, {}],
    [/find .* -name '\*\.json'/, LIST],
    [/\/workflows'?$/, post],
  ]);
}

describe('MDE: register sample workflows (remote commands)', () => {
  it('lists the bundle samples in order, reading monaiuser home through sudo', async () => {
    const exec = installed(() => ({ stdout: '' }));
    assert.deepEqual(await listSampleWorkflows(exec), ['hello-world.json', 'lung-seg.json']);
    assert.match(exec.commands[1]!, /^sudo -n find \/home\/monaiuser\/monai-deploy-express\/sample-workflows -maxdepth 1/);
  });

  it('posts each file to the loopback workflow manager and reports the workflow ids', async () => {
    const progress: string[] = [];
    const exec = installed((command) => ({
      stdout: `{"workflow_id":"${command.includes('hello') ? 'id-hello' : 'id-lung'}"}\n${MARK}201`,
    }));
    const results = await registerSampleWorkflows(exec, { onProgress: (m) => progress.push(m) });
    assert.deepEqual(
      results.map((r) => [r.file, r.outcome, r.workflowId, r.httpStatus]),
      [
        ['hello-world.json', 'registered', 'id-hello', 201],
        ['lung-seg.json', 'registered', 'id-lung', 201],
      ],
    );
    const post = exec.commands.find((c) => c.includes('hello-world.json'))!;
    assert.equal(
      post,
      "sudo -n cat /home/monaiuser/monai-deploy-express/sample-workflows/hello-world.json | curl -sS -m 30 -H 'Content-Type: application/json' " +
        `--data-binary @- -w '\\n${MARK}%{http_code}' http://127.0.0.1:5001/workflows`,
    );
    assert.equal(progress.length, 2);
  });

  it('registers only the chosen files and names a missing one without posting it', async () => {
    const exec = installed(() => ({ stdout: `{"workflow_id":"x"}\n${MARK}200` }));
    const results = await registerSampleWorkflows(exec, { files: ['hello-world.json', 'nope.json'] });
    assert.equal(results[0]!.outcome, 'registered');
    assert.equal(results[1]!.outcome, 'failed');
    assert.match(results[1]!.detail, /available: hello-world\.json, lung-seg\.json/);
    assert.equal(exec.commands.filter((c) => c.includes('/workflows')).length, 1);
  });

  it('says the install has not finished when the installer has not written its env file', async () => {
    const exec = fakeExec([[/^cat /, { code: 1, stderr: 'No such file or directory' }]]);
    await assert.rejects(registerSampleWorkflows(exec), (e: unknown) => {
      assert.ok(e instanceof MdeRemoteError);
      assert.equal(e.reason, 'notInstalled');
      assert.match(e.message, /CREATE_COMPLETE/);
      return true;
    });
  });

  it('says how to restart the services when the workflow manager does not answer', async () => {
    const exec = fakeExec([
      [/^cat /, ENV],
      [/health/, { code: 7, stderr: 'curl: (7) Failed to connect' }],
    ]);
    await assert.rejects(registerSampleWorkflows(exec), /systemctl restart monai-deploy-express\.service/);
    assert.equal(exec.commands.length, 2);
  });

  it('classifies manager answers: conflict as exists, errors and curl failures as failed', () => {
    assert.equal(parseRegistration('a.json', { code: 0, stdout: `{"message":"x"}\n${MARK}409`, stderr: '' }).outcome, 'exists');
    const bad = parseRegistration('a.json', { code: 0, stdout: `{"title":"Validation failed"}\n${MARK}400`, stderr: '' });
    assert.deepEqual([bad.outcome, bad.httpStatus, bad.detail], ['failed', 400, '{"title":"Validation failed"}']);
    const down = parseRegistration('a.json', { code: 7, stdout: '', stderr: 'curl: (7) Failed to connect\n' });
    assert.deepEqual([down.outcome, down.detail], ['failed', 'curl: (7) Failed to connect']);
    const noId = parseRegistration('a.json', { code: 0, stdout: `ok\n${MARK}200`, stderr: '' });
    assert.deepEqual([noId.outcome, noId.workflowId], ['registered', undefined]);
  });

  it('stops between files when cancelled', async () => {
    const controller = new AbortController();
    const exec = installed(() => {
      controller.abort();
      return { stdout: `{"workflow_id":"x"}\n${MARK}201` };
    });
    await assert.rejects(registerSampleWorkflows(exec, { signal: controller.signal }), { name: 'AbortError' });
    assert.equal(exec.commands.filter((c) => c.includes('/workflows')).length, 1);
  });

  it('quotes shell words so a POSIX shell reads them back unchanged', () => {
    for (const word of ['plain', "it's", 'a b', '$(rm -rf /)', '\\n%{x}', '']) {
      const echoed = execFileSync('/bin/sh', ['-c', `printf '%s' ${shellQuote(word)}`], { encoding: 'utf8' });
      assert.equal(echoed, word);
    }
  });
});
