import assert from 'node:assert/strict';
import { assertLoopbackOnly, isLoopbackHost, loopbackPlaceholder } from '../../fakeaws/loopbackOnly';
import { scriptedAccount } from '../../fakeaws/scriptedAccount';
import { FakeAwsState } from '../../fakeaws/state';
import { templateOutputs } from '../../fakeaws/templateInfo';

describe('fake AWS hands out loopback addresses only', () => {
  it('knows loopback from everything else', () => {
    for (const ok of ['127.0.0.1', '127.0.0.23', 'localhost', 'orthanc.localhost', '[::1]']) assert.equal(isLoopbackHost(ok), true, ok);
    for (const bad of ['198.51.100.20', '203.0.113.7', '10.1.3.10', 'example.org', 'stow.example.org', 'localhost.example.org', '1127.0.0.1']) assert.equal(isLoopbackHost(bad), false, bad);
  });

  it('refuses a stack whose outputs or instances point off the machine, naming what', () => {
    const base = { name: 'off-machine' };
    assert.throws(() => assertLoopbackOnly({ ...base, outputs: [{ key: 'DicomWebUrl', value: 'https://stow.example.org/studies' }] }), /off-machine.*DicomWebUrl=https:\/\/stow\.example\.org/);
    assert.throws(() => assertLoopbackOnly({ ...base, outputs: [{ key: 'SshHost', value: 'host.example.org' }] }), /SshHost/);
    assert.throws(() => assertLoopbackOnly({ ...base, outputs: [{ key: 'Address', value: '198.51.100.20' }] }), /Address=198\.51\.100\.20/);
    assert.throws(() => assertLoopbackOnly({ ...base, instances: [{ instanceId: 'i-1', logicalId: 'S', publicIp: '203.0.113.7', privateIp: '10.0.0.1' }] }), /i-1 public IP 203\.0\.113\.7/);
    assert.doesNotThrow(() => assertLoopbackOnly({ ...base, outputs: [{ key: 'WebUrl', value: 'http://127.0.0.1:8042/' }, { key: 'InstanceId', value: 'i-0abc' }, { key: 'AllowMyIpPorts', value: '22,443' }] }));
    const state = new FakeAwsState(scriptedAccount());
    assert.throws(() => state.addStack('us-east-1', { ...base, outputs: [{ key: 'WebUrl', value: 'https://demo.example.com/' }] }), /off this machine/);
  });

  it('gives template expressions loopback stand-ins and refuses literal outside addresses', () => {
    const outputs = templateOutputs({ Outputs: { SshHost: { Value: { 'Fn::GetAtt': ['S', 'PublicIp'] } }, WebUrl: { Value: { 'Fn::Sub': 'https://${S.PublicIp}/' } }, InstanceId: { Value: { Ref: 'S' } } } }, 'lab-1');
    assert.deepEqual(outputs.map((o) => [o.key, o.value]), [['SshHost', '127.0.0.1'], ['WebUrl', loopbackPlaceholder('lab-1', 'WebUrl')], ['InstanceId', 'lab-1-instanceid']]);
    assert.match(outputs[1]!.value, /^http:\/\/127\.0\.0\.1:2\//);
    assert.throws(() => templateOutputs({ Outputs: { WebUrl: { Value: 'https://demo.example.org/' } } }, 'lab-2'), /lab-2/);
  });

  it('the scripted account of the suites and the demo passes the check', () => {
    assert.ok(new FakeAwsState(scriptedAccount()).stacks.length > 5);
  });
});
