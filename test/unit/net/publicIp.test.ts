import assert from 'node:assert/strict';
import { detectPublicIp, hostCidr, PUBLIC_IP_ENDPOINTS, publicIpEndpoints, type FetchLike } from '../../../src/core/net/publicIp';

function fakeFetch(answers: Record<string, { status?: number; body?: string; error?: string }>): FetchLike & { calls: string[] } {
  const calls: string[] = [];
  const fetch = async (url: string) => {
    calls.push(url);
    const answer = answers[url];
    if (!answer || answer.error) throw new TypeError(answer?.error ?? 'fetch failed');
    const status = answer.status ?? 200;
    return { ok: status < 300, status, text: async () => answer.body ?? '' };
  };
  return Object.assign(fetch, { calls });
}

describe('public IP detection', () => {
  it('uses checkip.amazonaws.com first and trims its newline', async () => {
    const fetch = fakeFetch({ [PUBLIC_IP_ENDPOINTS[0]]: { body: '127.0.0.7\n' } });
    assert.equal(await detectPublicIp({ fetch }), '127.0.0.7');
    assert.deepEqual(fetch.calls, ['https://checkip.amazonaws.com/']);
  });

  it('falls back to the second service when the first fails or answers nonsense', async () => {
    for (const first of [{ error: 'getaddrinfo ENOTFOUND' }, { status: 503, body: 'busy' }, { body: '<html>captive portal</html>' }]) {
      const fetch = fakeFetch({ [PUBLIC_IP_ENDPOINTS[0]]: first, [PUBLIC_IP_ENDPOINTS[1]]: { body: '127.0.0.23' } });
      assert.equal(await detectPublicIp({ fetch }), '127.0.0.23');
    }
  });

  it('explains an offline machine, naming both services', async () => {
    await assert.rejects(detectPublicIp({ fetch: fakeFetch({}) }), (error: Error) => {
      assert.match(error.message, /Could not detect your public IP.*checkip\.amazonaws\.com.*api\.ipify\.org.*enter the address yourself/);
      return true;
    });
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await assert.rejects(detectPublicIp({ fetch: fakeFetch({}), signal: controller.signal }), /stop/);
  });

  it('asks IMAGING_LAB_PUBLIC_IP_URL instead of the internet services when it is set (tests, the demo)', () => {
    assert.deepEqual(publicIpEndpoints({}), PUBLIC_IP_ENDPOINTS);
    assert.deepEqual(publicIpEndpoints({ IMAGING_LAB_PUBLIC_IP_URL: 'http://127.0.0.1:4566/__fakeaws/checkip' }), ['http://127.0.0.1:4566/__fakeaws/checkip']);
    assert.deepEqual(publicIpEndpoints({ IMAGING_LAB_PUBLIC_IP_URL: 'file:///etc/passwd' }), PUBLIC_IP_ENDPOINTS, 'only an http(s) URL');
  });

  it('makes /32 CIDRs only from IPv4 addresses', () => {
    assert.equal(hostCidr('127.0.0.7'), '127.0.0.7/32');
    assert.throws(() => hostCidr('256.1.1.1'));
    assert.throws(() => hostCidr('0.0.0.0/0'));
  });
});
