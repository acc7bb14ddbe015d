import assert from 'node:assert/strict';
import { startFileGatorStandIn, startJupyterStandIn, type StandIn } from '../../support/labStandIns';

/** The phase-2 journey's tunnel targets behave like the services they stand for, where it matters. */
describe('lab stand-ins (Jupyter, FileGator) for the tunnel journey', () => {
  const open: StandIn[] = [];
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
  });

  it('Jupyter: /api without a token, the lab only with the right token (query, header or its cookie)', async () => {
    const jupyter = await startJupyterStandIn('0123456789abcdefABCDEF0123456789abcdefAB');
    open.push(jupyter);
    assert.match(jupyter.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal((await fetch(`${jupyter.url}/api`)).status, 200);
    const noToken = await fetch(`${jupyter.url}/lab`, { redirect: 'manual' });
    assert.equal(noToken.status, 302);
    assert.equal(noToken.headers.get('location'), '/login?next=%2Flab');
    assert.equal((await fetch(`${jupyter.url}/lab?token=wrong`, { redirect: 'manual' })).status, 302);
    const good = await fetch(`${jupyter.url}/lab?token=0123456789abcdefABCDEF0123456789abcdefAB`);
    assert.equal(good.status, 200);
    assert.match(await good.text(), /JupyterLab stand-in/);
    const cookie = good.headers.get('set-cookie')!.split(';')[0]!;
    assert.equal((await fetch(`${jupyter.url}/tree`, { headers: { cookie } })).status, 200);
    assert.equal((await fetch(`${jupyter.url}/lab`, { headers: { authorization: 'token 0123456789abcdefABCDEF0123456789abcdefAB' } })).status, 200);
    assert.deepEqual(
      jupyter.requests.map((r) => [r.path, r.authorized]),
      [['/api', false], ['/lab', false], ['/lab', false], ['/lab', true], ['/tree', true], ['/lab', true]],
    );
  });

  it("FileGator: the page for anyone, a login only for admin with the generated password (not the image's default)", async () => {
    const fileGator = await startFileGatorStandIn('Generated-Secret-1');
    open.push(fileGator);
    assert.equal((await fetch(`${fileGator.url}/`)).status, 200);
    const login = (password: string) =>
      fetch(`${fileGator.url}/?r=/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
    assert.equal((await login('admin123')).status, 422);
    assert.equal((await login('Generated-Secret-1')).status, 200);
    assert.equal((await fetch(`${fileGator.url}/?r=/login`, { method: 'POST', body: 'not json' })).status, 422);
    assert.deepEqual(fileGator.requests.map((r) => r.authorized), [false, false, true, false]);
  });
});
