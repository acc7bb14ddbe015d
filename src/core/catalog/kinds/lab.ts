import type { KindCatalogEntry } from '../catalogTypes';
import { KIND_DISPLAY } from '../kindInfo';
import { estimate, line } from '../costs';

/** Facts from the research lab seed: public Jupyter (8888), private FileGator (8080) behind a Client VPN. */
export const LAB_ENTRY: KindCatalogEntry = {
  id: 'lab',
  displayName: KIND_DISPLAY.lab.label,
  description: 'Jupyter server, S3 + Lambda image pipeline, private FileGator reachable through a Client VPN',
  // Template not shipped yet. Client VPN endpoints take several minutes to become available.
  typicalDeployMinutes: 15,
  cost: estimate([
    line('EC2 t3.medium (Jupyter)', 'ec2:t3.medium'),
    line('EC2 t3.small (FileGator)', 'ec2:t3.small'),
    line('Client VPN subnet association', 'clientVpnAssociation'),
    line('Client VPN connection (1 connected user)', 'clientVpnConnection'),
    line('NAT gateway (while the private instance installs)', 'natGateway'),
    line('Public IPv4 address', 'publicIpv4'),
  ]),
  loginUser: 'ubuntu',
  allowMyIpPorts: [22, 8888],
  postDeployActions: ['allowMyIp', 'openWebUi', 'openSshTerminal'],
};
