import { estimate, line } from '../costs';
import type { KindRecord } from '../kindTypes';

/** Facts from the research lab seed: public Jupyter (8888), private FileGator (8080) behind a Client VPN. */
export const LAB_KIND = {
  id: 'lab',
  display: { label: 'Research lab', icon: 'beaker', summary: 'Jupyter, S3 + Lambda pipeline, FileGator behind a Client VPN' },
  description: 'Jupyter server, S3 + Lambda image pipeline, private FileGator reachable through a Client VPN',
  ports: [
    { port: 22, label: 'SSH', allowMyIp: true },
    { port: 8888, label: 'Jupyter', allowMyIp: true, tunnel: true },
    { port: 8080, label: 'FileGator', tunnel: true },
  ],
  // The lab template's instances run Amazon Linux 2023.
  loginUser: 'ec2-user',
  recognise: {
    why: 'the research lab combines Jupyter and FileGator',
    matches: (f) => /filegator/i.test(f.description ?? '') || (/jupyter/i.test(f.description ?? '') && /vpn/i.test(f.description ?? '')),
  },
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
  actions: [],
} satisfies KindRecord<'lab'>;
