import { randomUUID } from 'node:crypto';
import { FakeAwsError } from './errors';
import type { FakeAwsState } from './state';

const PEM_CERTIFICATE = /^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n?$/;

/** A blob member of awsJson1_1: base64 text; the certificate PEM inside. */
function pem(value: unknown, member: string): string {
  const text = typeof value === 'string' ? Buffer.from(value, 'base64').toString('utf8').replace(/\r\n/g, '\n') : '';
  if (member !== 'PrivateKey' && !PEM_CERTIFICATE.test(text.trim() + '\n')) throw new FakeAwsError('ValidationException', `The ${member} is not a PEM-encoded X.509 certificate.`, 400);
  if (member === 'PrivateKey' && !/^-----BEGIN (RSA |EC )?PRIVATE KEY-----/.test(text)) throw new FakeAwsError('ValidationException', 'The private key is not PEM-encoded.', 400);
  return text;
}

/** ACM (awsJson1_1, target `CertificateManager.<Action>`); shapes and codes as in the ACM API reference. */
export const acmHandlers: Record<string, (state: FakeAwsState, region: string, input: Record<string, unknown>) => unknown> = {
  ImportCertificate(state, region, input) {
    pem(input.Certificate, 'Certificate');
    pem(input.PrivateKey, 'PrivateKey');
    if (input.CertificateChain !== undefined) pem(input.CertificateChain, 'CertificateChain');
    const reimport = typeof input.CertificateArn === 'string' ? input.CertificateArn : undefined;
    if (reimport !== undefined) {
      if (input.Tags !== undefined) throw new FakeAwsError('ValidationException', 'Tags cannot be specified when you reimport a certificate.', 400);
      if (!state.certificates.has(reimport)) throw new FakeAwsError('ResourceNotFoundException', `Could not find certificate ${reimport}.`, 400);
      return { CertificateArn: reimport };
    }
    const arn = `arn:aws:acm:${region}:${state.account.accountId}:certificate/${randomUUID()}`;
    state.certificates.set(arn, { inUse: false });
    return { CertificateArn: arn };
  },
  DeleteCertificate(state, _region, input) {
    const arn = String(input.CertificateArn ?? '');
    const certificate = state.certificates.get(arn);
    if (!certificate) throw new FakeAwsError('ResourceNotFoundException', `Could not find certificate ${arn}.`, 400);
    if (certificate.inUse) throw new FakeAwsError('ResourceInUseException', `Certificate ${arn} in use by a Client VPN endpoint.`, 400);
    state.certificates.delete(arn);
    return {};
  },
};
