import { CfnCondition, CfnParameter, CfnRule, Fn, type Stack } from 'aws-cdk-lib';
import { setParameterInterface } from '../common/parameterInterface';
import { CIDR_PATTERN } from '../mde/mdeParameters';

export const JUPYTER_INSTANCE_TYPES = ['t3.medium', 't3.small', 't3.large', 'm5.large'] as const;
export const FILEGATOR_INSTANCE_TYPES = ['t3.small', 't3.micro', 't3.medium'] as const;

/** Appended to the stem of a processed object's name (the seed hard-coded '-processed'). */
export const SUFFIX_PATTERN = '^[A-Za-z0-9_.-]{1,40}$';

/** An ACM certificate ARN of any partition, or empty while the Client VPN is off. */
export const ACM_ARN_PATTERN = '^(arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f-]{36})?$';

export interface LabParameters {
  readonly allowedCidr: CfnParameter;
  readonly jupyterInstanceType: CfnParameter;
  readonly openJupyterPort: CfnParameter;
  readonly processedSuffix: CfnParameter;
  readonly enableFileGator: CfnParameter;
  readonly fileGatorInstanceType: CfnParameter;
  readonly enableNatGateway: CfnParameter;
  readonly enableClientVpn: CfnParameter;
  readonly serverCertificateArn: CfnParameter;
  readonly clientCaCertificateArn: CfnParameter;
  readonly jupyterPortOpen: CfnCondition;
  readonly fileGatorOn: CfnCondition;
  /** The NAT gateway exists only while FileGator is on and the switch is on (Task 2 install). */
  readonly natOn: CfnCondition;
  readonly clientVpnOn: CfnCondition;
}

function onOff(stack: Stack, id: string, defaultValue: 'true' | 'false', description: string): CfnParameter {
  return new CfnParameter(stack, id, { type: 'String', default: defaultValue, allowedValues: ['false', 'true'], description });
}

export function labParameters(stack: Stack): LabParameters {
  const allowedCidr = new CfnParameter(stack, 'AllowedCidr', {
    type: 'String',
    allowedPattern: CIDR_PATTERN,
    description:
      'IPv4 range allowed to SSH (22) to Jupyter, and 8888 when OpenJupyterPort is true. Imaging Lab fills in your address as a /32.',
    constraintDescription: 'must be an IPv4 CIDR between /16 and /32, for example 203.0.113.7/32.',
  });
  const jupyterInstanceType = new CfnParameter(stack, 'JupyterInstanceType', {
    type: 'String',
    default: JUPYTER_INSTANCE_TYPES[0],
    allowedValues: [...JUPYTER_INSTANCE_TYPES],
    description: 'Instance type of the public Jupyter server.',
    constraintDescription: 'must be one of the listed instance types.',
  });
  const openJupyterPort = onOff(
    stack,
    'OpenJupyterPort',
    'false',
    'Open Jupyter (8888, HTTP with a token) to AllowedCidr. Off: Imaging Lab uses an SSH tunnel.',
  );
  const processedSuffix = new CfnParameter(stack, 'ProcessedSuffix', {
    type: 'String',
    default: '-processed',
    allowedPattern: SUFFIX_PATTERN,
    description: "Added to processed image names: 'scan.png' becomes 'scan-processed.png'.",
    constraintDescription: '1-40 letters, digits, dots, underscores or hyphens.',
  });
  const enableFileGator = onOff(
    stack,
    'EnableFileGator',
    'false',
    'Task 2: private subnet with a FileGator server, reached through the Jupyter instance or the Client VPN.',
  );
  const fileGatorInstanceType = new CfnParameter(stack, 'FileGatorInstanceType', {
    type: 'String',
    default: FILEGATOR_INSTANCE_TYPES[0],
    allowedValues: [...FILEGATOR_INSTANCE_TYPES],
    description: 'Instance type of the private FileGator server.',
    constraintDescription: 'must be one of the listed instance types.',
  });
  const enableNatGateway = onOff(
    stack,
    'EnableNatGateway',
    'true',
    'NAT gateway for the private subnet. Keep true while FileGator installs; set false afterwards to stop paying for it.',
  );
  const enableClientVpn = onOff(
    stack,
    'EnableClientVpn',
    'false',
    'Task 2: Client VPN endpoint (10.83.0.0/16, mutual TLS). Billed hourly while on, plus per connected client.',
  );
  const serverCertificateArn = new CfnParameter(stack, 'ClientVpnServerCertificateArn', {
    type: 'String',
    default: '',
    allowedPattern: ACM_ARN_PATTERN,
    description: 'ACM ARN of the Client VPN server certificate; required with EnableClientVpn.',
    constraintDescription: 'must be an ACM certificate ARN or empty.',
  });
  const clientCaCertificateArn = new CfnParameter(stack, 'ClientVpnClientCaArn', {
    type: 'String',
    default: '',
    allowedPattern: ACM_ARN_PATTERN,
    description: 'ACM ARN of the client CA certificate; required with EnableClientVpn.',
    constraintDescription: 'must be an ACM certificate ARN or empty.',
  });

  const isTrue = (p: CfnParameter) => Fn.conditionEquals(p.valueAsString, 'true');
  const jupyterPortOpen = new CfnCondition(stack, 'JupyterPortOpen', { expression: isTrue(openJupyterPort) });
  const fileGatorOn = new CfnCondition(stack, 'FileGatorOn', { expression: isTrue(enableFileGator) });
  const natOn = new CfnCondition(stack, 'NatGatewayOn', { expression: Fn.conditionAnd(fileGatorOn, isTrue(enableNatGateway)) });
  const clientVpnOn = new CfnCondition(stack, 'ClientVpnOn', { expression: isTrue(enableClientVpn) });

  // Checked by CloudFormation before any change, so a VPN switched on without certificates never half-creates.
  new CfnRule(stack, 'ClientVpnNeedsCertificates', {
    ruleCondition: isTrue(enableClientVpn),
    assertions: [serverCertificateArn, clientCaCertificateArn].map((p) => ({
      assert: Fn.conditionNot(Fn.conditionEquals(p.valueAsString, '')),
      assertDescription: `EnableClientVpn needs ${p.logicalId}.`,
    })),
  });

  setParameterInterface(stack, [
    {
      label: 'Task 1: Jupyter, S3 and Lambda',
      parameters: [
        { parameter: allowedCidr, label: 'Allowed CIDR (your IP)' },
        { parameter: jupyterInstanceType, label: 'Jupyter instance type' },
        { parameter: openJupyterPort, label: 'Open Jupyter port 8888 to the allowed CIDR' },
        { parameter: processedSuffix, label: 'Processed-image name suffix' },
      ],
    },
    {
      label: 'Task 2: private FileGator',
      parameters: [
        { parameter: enableFileGator, label: 'FileGator in a private subnet' },
        { parameter: fileGatorInstanceType, label: 'FileGator instance type' },
        { parameter: enableNatGateway, label: 'NAT gateway (install only)' },
      ],
    },
    {
      label: 'Task 2: Client VPN',
      parameters: [
        { parameter: enableClientVpn, label: 'Client VPN endpoint' },
        { parameter: serverCertificateArn, label: 'Server certificate (ACM ARN)' },
        { parameter: clientCaCertificateArn, label: 'Client CA certificate (ACM ARN)' },
      ],
    },
  ]);

  return {
    allowedCidr,
    jupyterInstanceType,
    openJupyterPort,
    processedSuffix,
    enableFileGator,
    fileGatorInstanceType,
    enableNatGateway,
    enableClientVpn,
    serverCertificateArn,
    clientCaCertificateArn,
    jupyterPortOpen,
    fileGatorOn,
    natOn,
    clientVpnOn,
  };
}
