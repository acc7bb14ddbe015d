import type { KindRecord } from '../kindTypes';
import { labCost, labCostByPart, labCostlyParts, labCostLine } from './labCosts';
import { LAB_OUTPUT, LAB_PARAMETER } from './labNames';

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
  templateFile: 'templates/lab.template.json',
  // Task 1 waits for the installer's self-check (an image through the Lambda); a Client VPN endpoint adds several minutes.
  typicalDeployMinutes: 15,
  // Every switch on (FileGator, NAT gateway, Client VPN); the switch action shows the figure for the stack's own values.
  cost: labCost({ [LAB_PARAMETER.enableFileGator]: 'true', [LAB_PARAMETER.enableNatGateway]: 'true', [LAB_PARAMETER.enableClientVpn]: 'true' }),
  stackCost: (parameters) => labCostLine(parameters),
  costFor: (values) => labCostByPart(values),
  costlyPartsOn: (parameters) => labCostlyParts(parameters),
  // Heavy work (certificates, ACM) loads only when a lab is deployed.
  prepare: async (context) => (await import('./prepareLab')).prepareLab(context),
  actions: ['openJupyter', 'uploadLabImage', 'switchLabCosts', 'downloadVpnConfig', 'openFileGator'],
  // FileGator (Task 2) is optional: its tunnel is offered while the stack publishes its private address.
  actionOutputs: { openFileGator: LAB_OUTPUT.fileGatorPrivateIp },
} satisfies KindRecord<'lab'>;
