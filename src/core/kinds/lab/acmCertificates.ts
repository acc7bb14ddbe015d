import { DeleteCertificateCommand, ImportCertificateCommand, type ACMClient, type Tag } from '@aws-sdk/client-acm';
import type { KeyMaterial } from '../../pki/certificates';

/** What ClientVpnServerCertificateArn and ClientVpnClientCaArn are set to. */
export interface ClientVpnCertificateArns {
  readonly serverCertificateArn: string;
  readonly clientCaArn: string;
}

const ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate\/[0-9a-f-]{36}$/;
const encode = (pem: string): Uint8Array => new TextEncoder().encode(pem);

export interface ImportOptions {
  readonly server: KeyMaterial;
  readonly ca: Pick<KeyMaterial, 'certificatePem'>;
  /** On a new import; ACM refuses tags on a re-import. */
  readonly tags?: readonly Tag[];
  /** Re-import over this ARN (renewed certificates keep the endpoint's ARN). */
  readonly reimportArn?: string;
  readonly signal?: AbortSignal;
}

/**
 * One ImportCertificate: the server certificate, its private key, and the CA certificate as the
 * chain. The client certificates are issued by that same CA, and a Client VPN endpoint accepts the
 * server certificate's ARN as the client root chain in that case, so the CA's private key and
 * the client key never go to AWS and both parameters name the same certificate.
 */
export async function importClientVpnCertificates(acm: Pick<ACMClient, 'send'>, o: ImportOptions): Promise<ClientVpnCertificateArns> {
  if (o.reimportArn !== undefined && !ARN.test(o.reimportArn)) throw new Error(`'${o.reimportArn}' is not an ACM certificate ARN.`);
  const result = await acm.send(
    new ImportCertificateCommand({
      Certificate: encode(o.server.certificatePem),
      PrivateKey: encode(o.server.privateKeyPem),
      CertificateChain: encode(o.ca.certificatePem),
      ...(o.reimportArn !== undefined ? { CertificateArn: o.reimportArn } : o.tags?.length ? { Tags: [...o.tags] } : {}),
    }),
    { abortSignal: o.signal },
  );
  const arn = result.CertificateArn ?? '';
  if (!ARN.test(arn)) throw new Error(`ACM answered ImportCertificate without a usable certificate ARN ('${arn}').`);
  return { serverCertificateArn: arn, clientCaArn: arn };
}

/**
 * Deletes the imported certificates once the stack no longer uses them ("Disable Client VPN" after
 * its update). A certificate still attached to an endpoint is reported, not forced.
 */
export async function deleteClientVpnCertificates(acm: Pick<ACMClient, 'send'>, arns: ClientVpnCertificateArns, signal?: AbortSignal): Promise<string[]> {
  const deleted: string[] = [];
  for (const arn of new Set([arns.serverCertificateArn, arns.clientCaArn])) {
    if (!ARN.test(arn)) throw new Error(`'${arn}' is not an ACM certificate ARN.`);
    try {
      await acm.send(new DeleteCertificateCommand({ CertificateArn: arn }), { abortSignal: signal });
      deleted.push(arn);
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'ResourceNotFoundException') continue;
      if (name === 'ResourceInUseException') {
        throw new Error(`The certificate ${arn} is still used by a Client VPN endpoint. Disable the Client VPN (stack update) first, then delete it.`, { cause: error });
      }
      throw error;
    }
  }
  return deleted;
}
