import type { AwsClients } from '../../aws/clients';
import { readKeyMaterial } from '../../pki/keyMaterialFiles';
import type { StackInfo } from '../../stacks/stackInfo';
import { clientVpnNames } from './clientVpnPki';
import { LAB_OUTPUT, VPN_MATERIAL } from './labNames';
import { labOutput } from './labStack';
import { writeOvpnFile } from './ovpnFile';

const ENDPOINT_ID = /^cvpn-endpoint-[0-9a-f]{8,17}$/;

/**
 * Writes `<stack>.ovpn` into the stack's private folder (the one prepare made the certificates
 * in): the endpoint's DNS name from EC2, the CA and the client certificate with its key embedded
 * (handout T2.7, without editing the downloaded file by hand).
 */
export async function writeVpnProfile(clients: Pick<AwsClients, 'ec2'>, stack: Pick<StackInfo, 'stackName' | 'region' | 'outputs'>, storageDir: string, signal?: AbortSignal): Promise<string> {
  const endpointId = labOutput(stack, LAB_OUTPUT.clientVpnEndpointId);
  if (!ENDPOINT_ID.test(endpointId)) throw new Error(`The stack's ${LAB_OUTPUT.clientVpnEndpointId} output (${JSON.stringify(endpointId.slice(0, 40))}) is not a Client VPN endpoint id.`);
  const [ca, client] = await Promise.all([readKeyMaterial(storageDir, VPN_MATERIAL.ca), readKeyMaterial(storageDir, VPN_MATERIAL.client)]);
  if (!ca || !client) {
    throw new Error(`This machine has no Client VPN certificates for ${stack.stackName} (they are made where the VPN was switched on, in ${storageDir}). Switch the Client VPN off and on again from here to make new ones.`);
  }
  const { DescribeClientVpnEndpointsCommand } = await import('@aws-sdk/client-ec2');
  const ec2 = await clients.ec2(stack.region);
  const endpoint = (await ec2.send(new DescribeClientVpnEndpointsCommand({ ClientVpnEndpointIds: [endpointId] }), signal ? { abortSignal: signal } : {})).ClientVpnEndpoints?.[0];
  if (!endpoint?.DnsName) throw new Error(`EC2 does not know the Client VPN endpoint ${endpointId} of ${stack.stackName}; refresh the stacks and check it finished deploying.`);
  if (endpoint.Status?.Code === 'deleted' || endpoint.Status?.Code === 'deleting') throw new Error(`The Client VPN endpoint ${endpointId} is ${endpoint.Status.Code}; switch the Client VPN on first.`);
  return writeOvpnFile(storageDir, stack.stackName, {
    endpointDnsName: endpoint.DnsName,
    pki: { ca, client, serverName: clientVpnNames(stack.stackName).server },
    protocol: endpoint.TransportProtocol === 'tcp' ? 'tcp' : 'udp',
    ...(endpoint.VpnPort ? { port: endpoint.VpnPort } : {}),
  });
}
