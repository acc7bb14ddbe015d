import { readKeyMaterial, writeKeyMaterial } from '../../pki/keyMaterialFiles';
import type { KindPrepareContext, KindPreparation } from '../kindTypes';
import type { ClientVpnPki } from './clientVpnPki';
import { LAB_PARAMETER, VPN_MATERIAL } from './labNames';

/** The PKI kept for this stack (a re-enabled VPN keeps its certificates, so profiles already handed out keep working). */
async function storedPki(dir: string, serverName: string): Promise<ClientVpnPki | undefined> {
  const [ca, server, client] = await Promise.all([readKeyMaterial(dir, VPN_MATERIAL.ca), readKeyMaterial(dir, VPN_MATERIAL.server), readKeyMaterial(dir, VPN_MATERIAL.client)]);
  return ca && server && client ? { ca, server, client, serverName } : undefined;
}

/**
 * The lab's pre-deploy step: with the Client VPN switched on and no certificate ARNs given, makes
 * the VPN's CA, server and client certificates on this machine (keys 0600 in the stack's private
 * folder; the CA and client keys never leave it), imports the server certificate with the CA as
 * its chain into ACM, and fills both ARN parameters (handout step T2.4).
 */
export async function prepareLab(context: KindPrepareContext): Promise<KindPreparation> {
  // Records load at activation; the staging module brings the S3 client with it.
  const staging = (await import('../../deploy/templateStaging')).stagingNote(context.template.body);
  const vpn = await prepareClientVpn(context);
  return staging ? { ...vpn, notes: [...(vpn.notes ?? []), staging] } : vpn;
}

/** With the Client VPN switched on and no ARNs given: the certificates, made here and imported into ACM. */
async function prepareClientVpn(context: KindPrepareContext): Promise<KindPreparation> {
  const v = context.values;
  if (v[LAB_PARAMETER.enableClientVpn] !== 'true') return {};
  if (v[LAB_PARAMETER.serverCertificateArn] && v[LAB_PARAMETER.clientCaArn]) {
    return { notes: ['Client VPN: using the ACM certificates given in the parameters (Download VPN Configuration needs certificates Imaging Lab made).'] };
  }
  const { clientVpnNames, generateClientVpnPki } = await import('./clientVpnPki');
  const { importClientVpnCertificates } = await import('./acmCertificates');
  const dir = await context.storageDirectory();
  const names = clientVpnNames(context.stackName);
  let pki = await storedPki(dir, names.server);
  if (!pki) {
    context.progress('Generating the Client VPN certificates (CA, server, client)…');
    pki = await generateClientVpnPki(context.stackName);
    await writeKeyMaterial(dir, VPN_MATERIAL.ca, pki.ca);
    await writeKeyMaterial(dir, VPN_MATERIAL.server, pki.server);
    await writeKeyMaterial(dir, VPN_MATERIAL.client, pki.client);
  }
  context.progress('Importing the Client VPN server certificate into ACM…');
  const acm = await context.clients.acm(context.region);
  const arns = await importClientVpnCertificates(acm, {
    server: pki.server,
    ca: pki.ca,
    tags: [{ Key: 'imaging-lab:stack', Value: context.stackName }],
    ...(context.signal ? { signal: context.signal } : {}),
  });
  return {
    values: { [LAB_PARAMETER.serverCertificateArn]: arns.serverCertificateArn, [LAB_PARAMETER.clientCaArn]: arns.clientCaArn },
    notes: [`Client VPN: certificates made here (kept in ${dir}), server certificate imported into ACM as ${arns.serverCertificateArn}.`],
  };
}
