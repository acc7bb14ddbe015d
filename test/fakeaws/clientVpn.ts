import { FakeAwsError } from './errors';
import { page } from './paging';
import { list, str, type QueryObject } from './queryParams';
import type { FakeAwsState } from './state';
import type { XmlValue } from './xml';

/**
 * EC2 DescribeClientVpnEndpoints (ec2Query; members as in the EC2 API reference): the endpoints
 * the account's live stacks name in a ClientVpnEndpointId output, as the research lab template's
 * endpoint would be (UDP 443, mutual TLS, split tunnel, available).
 */
export const clientVpnHandlers: Record<string, (state: FakeAwsState, region: string, p: QueryObject) => XmlValue> = {
  DescribeClientVpnEndpoints(state, region, p) {
    const wanted = list(p.ClientVpnEndpointId).map(String);
    const endpoints = state
      .liveStacks(region)
      .flatMap((stack) => stack.outputs.filter((o) => o.key === 'ClientVpnEndpointId').map((o) => ({ stack, id: o.value })))
      .filter((e) => /^cvpn-endpoint-[0-9a-f]{8,17}$/.test(e.id) && (wanted.length === 0 || wanted.includes(e.id)))
      .map(({ stack, id }) => ({
        clientVpnEndpointId: id, description: `${stack.name} Client VPN`, status: { code: 'available' }, creationTime: new Date(stack.createdAt).toISOString(),
        dnsName: `*.${id}.prod.clientvpn.${region}.amazonaws.com`, clientCidrBlock: '10.83.0.0/16', splitTunnel: true, vpnProtocol: 'openvpn',
        transportProtocol: 'udp', vpnPort: 443, tagSet: [{ key: 'aws:cloudformation:stack-id', value: stack.stackId }],
      }));
    const missing = wanted.find((id) => !endpoints.some((e) => e.clientVpnEndpointId === id));
    if (missing) throw new FakeAwsError('InvalidClientVpnEndpointId.NotFound', `Endpoint ${missing} does not exist`, 400);
    const { items, nextToken } = page(endpoints, str(p.NextToken), state.pageSize);
    return { clientVpnEndpoint: items, ...(nextToken ? { nextToken } : {}) };
  },
};
