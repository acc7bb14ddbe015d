import assert from 'node:assert/strict';
import { ACMClient, DeleteCertificateCommand, ImportCertificateCommand, InvalidParameterException, LimitExceededException, ResourceInUseException, ResourceNotFoundException } from '@aws-sdk/client-acm';
import { deleteClientVpnCertificates, importClientVpnCertificates } from '../../../../src/core/kinds/lab/acmCertificates';
import { mockDuringSuite } from '../../ssh/awsFakes';

const ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666';
const SERVER = { certificatePem: '-----BEGIN CERTIFICATE-----\nU0VSVkVS\n-----END CERTIFICATE-----\n', privateKeyPem: '-----BEGIN PRIVATE KEY-----\nS0VZ\n-----END PRIVATE KEY-----\n', fingerprintSha256: 'AA' };
const CA = { certificatePem: '-----BEGIN CERTIFICATE-----\nQ0E=\n-----END CERTIFICATE-----\n' };
const text = (bytes: unknown): string => new TextDecoder().decode(bytes as Uint8Array);
const meta = { httpStatusCode: 400, requestId: 'r-1', attempts: 1, totalRetryDelay: 0 };

describe('lab Client VPN certificates in ACM', () => {
  const acm = mockDuringSuite(ACMClient);
  afterEach(() => acm.reset());

  it('imports the server certificate with its key and the CA as chain (one call), and uses that ARN for both parameters', async () => {
    acm.on(ImportCertificateCommand).resolves({ CertificateArn: ARN });
    const arns = await importClientVpnCertificates(new ACMClient({ region: 'us-east-1' }), {
      server: SERVER,
      ca: CA,
      tags: [{ Key: 'imaging-lab:stack', Value: 'my-lab' }],
    });
    assert.deepEqual(arns, { serverCertificateArn: ARN, clientCaArn: ARN });
    const calls = acm.commandCalls(ImportCertificateCommand);
    assert.equal(calls.length, 1);
    const input = calls[0]!.args[0].input;
    assert.equal(text(input.Certificate), SERVER.certificatePem);
    assert.equal(text(input.PrivateKey), SERVER.privateKeyPem);
    assert.equal(text(input.CertificateChain), CA.certificatePem);
    assert.deepEqual(input.Tags, [{ Key: 'imaging-lab:stack', Value: 'my-lab' }]);
    assert.equal(input.CertificateArn, undefined);
  });

  it('re-imports over an existing ARN without tags (ACM refuses tags on a re-import)', async () => {
    acm.on(ImportCertificateCommand).resolves({ CertificateArn: ARN });
    await importClientVpnCertificates(new ACMClient({ region: 'us-east-1' }), { server: SERVER, ca: CA, reimportArn: ARN, tags: [{ Key: 'k', Value: 'v' }] });
    const input = acm.commandCalls(ImportCertificateCommand)[0]!.args[0].input;
    assert.equal(input.CertificateArn, ARN);
    assert.equal(input.Tags, undefined);
    await assert.rejects(importClientVpnCertificates(new ACMClient({ region: 'us-east-1' }), { server: SERVER, ca: CA, reimportArn: 'arn:aws:iam::1:role/x' }), /not an ACM certificate ARN/);
  });

  it("refuses an answer without a certificate ARN, and passes ACM's own errors through", async () => {
    acm.on(ImportCertificateCommand).resolvesOnce({}).rejectsOnce(new LimitExceededException({ message: 'Certificate limit exceeded', $metadata: meta }));
    const client = new ACMClient({ region: 'us-east-1' });
    await assert.rejects(importClientVpnCertificates(client, { server: SERVER, ca: CA }), /without a usable certificate ARN/);
    await assert.rejects(importClientVpnCertificates(client, { server: SERVER, ca: CA }), (e: Error) => e.name === 'LimitExceededException');
    acm.on(ImportCertificateCommand).rejects(new InvalidParameterException({ message: 'The certificate field contains more than one certificate.', $metadata: meta }));
    await assert.rejects(importClientVpnCertificates(client, { server: SERVER, ca: CA }), /more than one certificate/);
  });

  it('deletes each imported certificate once; a missing one is fine, one still in use says what to do first', async () => {
    acm.on(DeleteCertificateCommand).resolves({});
    const client = new ACMClient({ region: 'us-east-1' });
    assert.deepEqual(await deleteClientVpnCertificates(client, { serverCertificateArn: ARN, clientCaArn: ARN }), [ARN]);
    assert.equal(acm.commandCalls(DeleteCertificateCommand).length, 1);
    acm.reset();
    acm.on(DeleteCertificateCommand).rejects(new ResourceNotFoundException({ message: 'gone', $metadata: meta }));
    assert.deepEqual(await deleteClientVpnCertificates(client, { serverCertificateArn: ARN, clientCaArn: ARN }), []);
    acm.reset();
    acm.on(DeleteCertificateCommand).rejects(new ResourceInUseException({ message: 'in use', $metadata: meta }));
    await assert.rejects(deleteClientVpnCertificates(client, { serverCertificateArn: ARN, clientCaArn: ARN }), /still used by a Client VPN endpoint\. Disable the Client VPN \(stack update\) first/);
  });
});
