import { CfnCondition, CfnParameter, Fn, type Stack } from 'aws-cdk-lib';
import { setParameterHints } from '../common/parameterHints';
import { setParameterInterface } from '../common/parameterInterface';

/** GPU families the Deep Learning Base AMI (OSS NVIDIA driver, x86_64) supports, smallest first. */
export const MDE_INSTANCE_TYPES = [
  'g4dn.xlarge',
  'g4dn.2xlarge',
  'g4dn.4xlarge',
  'g5.xlarge',
  'g5.2xlarge',
  'g5.4xlarge',
  'g6.xlarge',
  'g6.2xlarge',
  'g6e.xlarge',
] as const;

export const MDE_VERSIONS = ['0.6.0', '0.5.0'] as const;

/** At least 8 characters with a lower-case letter, an upper-case letter, a digit and a symbol. */
export const PASSWORD_PATTERN = '^(?=.*[a-z])(?=.*[A-Z])(?=.*[0-9])(?=.*[^A-Za-z0-9])[\\x21-\\x7e]{8,64}$';

/** An IPv4 CIDR of /16 to /32: wide enough for a campus, and it can never be 0.0.0.0/0. */
export const CIDR_PATTERN =
  '^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])/(1[6-9]|2[0-9]|3[0-2])$';

/** An Availability Zone name (us-east-1a, us-gov-west-1b), or empty for the region's first zone. */
export const ZONE_PATTERN = '^([a-z]{2}(-[a-z]+)+-[0-9]+[a-z])?$';

export interface MdeParameters {
  readonly instanceType: CfnParameter;
  readonly availabilityZone: CfnParameter;
  /** The given zone, else the region's first: GPU types are not offered in every zone. */
  readonly zone: string;
  readonly mdeVersion: CfnParameter;
  readonly monaiUserPassword: CfnParameter;
  readonly allowedCidr: CfnParameter;
  readonly enableElk: CfnParameter;
  readonly elkEnabled: CfnCondition;
}

export function mdeParameters(stack: Stack): MdeParameters {
  const instanceType = new CfnParameter(stack, 'InstanceType', {
    type: 'String',
    default: MDE_INSTANCE_TYPES[0],
    allowedValues: [...MDE_INSTANCE_TYPES],
    description: 'GPU instance type for the MDE server. g4dn.xlarge (1 NVIDIA T4, 16 GiB) runs the sample workflows.',
    constraintDescription: 'must be one of the listed GPU instance types.',
  });
  const availabilityZone = new CfnParameter(stack, 'AvailabilityZone', {
    type: 'String',
    default: '',
    allowedPattern: ZONE_PATTERN,
    description:
      "Availability Zone of the MDE server and its subnet. GPU types are not offered in every zone: left empty, Imaging Lab fills in the first zone that offers the chosen instance type (in the console, empty means the region's first zone).",
    constraintDescription: 'must be an Availability Zone name of this region, for example us-east-1b, or empty.',
  });
  const zoneGiven = new CfnCondition(stack, 'ZoneGiven', { expression: Fn.conditionNot(Fn.conditionEquals(availabilityZone.valueAsString, '')) });
  const zone = Fn.conditionIf(zoneGiven.logicalId, availabilityZone.valueAsString, Fn.select(0, Fn.getAzs())).toString();
  const mdeVersion = new CfnParameter(stack, 'MdeVersion', {
    type: 'String',
    default: MDE_VERSIONS[0],
    allowedValues: [...MDE_VERSIONS],
    description: 'MONAI Deploy Express release bundle to install.',
  });
  const monaiUserPassword = new CfnParameter(stack, 'MonaiUserPassword', {
    type: 'String',
    noEcho: true,
    minLength: 8,
    maxLength: 64,
    allowedPattern: PASSWORD_PATTERN,
    description:
      "Password of the 'monaiuser' Linux account (sudo and docker groups; used with 'su - monaiuser'). Stored in Secrets Manager, never in user data.",
    constraintDescription: '8-64 printable characters with at least one lower-case letter, one upper-case letter, one digit and one symbol.',
  });
  const allowedCidr = new CfnParameter(stack, 'AllowedCidr', {
    type: 'String',
    allowedPattern: CIDR_PATTERN,
    description:
      'IPv4 range allowed to reach SSH (22), DICOM (104, 4242) and Orthanc (8042). Imaging Lab fills in your public address as a /32.',
    constraintDescription: 'must be an IPv4 CIDR between /16 and /32, for example 203.0.113.7/32.',
  });
  const enableElk = new CfnParameter(stack, 'EnableElk', {
    type: 'String',
    default: 'false',
    allowedValues: ['false', 'true'],
    description: 'Also run Elasticsearch, Logstash and Kibana (Kibana on 5601 for the allowed range); needs about 4 GiB more memory.',
  });
  const elkEnabled = new CfnCondition(stack, 'ElkEnabled', { expression: Fn.conditionEquals(enableElk.valueAsString, 'true') });

  setParameterInterface(stack, [
    {
      label: 'MONAI Deploy Express',
      parameters: [
        { parameter: mdeVersion, label: 'MDE version' },
        { parameter: instanceType, label: 'GPU instance type' },
        { parameter: availabilityZone, label: 'Availability Zone' },
        { parameter: enableElk, label: 'Logging dashboard (ELK/Kibana)' },
      ],
    },
    {
      label: 'Access',
      parameters: [
        { parameter: allowedCidr, label: 'Allowed source range (CIDR)' },
        { parameter: monaiUserPassword, label: 'monaiuser password' },
      ],
    },
  ]);
  // The deploy wizard and CLI list and check the zones that offer the chosen GPU type (by this hint, not by the names).
  setParameterHints(stack, [{ parameter: availabilityZone, hint: { Provider: 'ZoneOffering', InstanceTypeParameter: instanceType.logicalId } }]);
  return { instanceType, availabilityZone, zone, mdeVersion, monaiUserPassword, allowedCidr, enableElk, elkEnabled };
}
