import { CfnCondition, CfnParameter, Fn, type Stack } from 'aws-cdk-lib';
import { setParameterInterface } from '../common/parameterInterface';
import { CIDR_PATTERN } from '../mde/mdeParameters';

/** x86_64 types (the AMI is x86_64); t3.medium is the seed's size. */
export const ORTHANC_INSTANCE_TYPES = ['t3.medium', 't3.small', 't3.large', 't3.xlarge', 'm6i.large', 'm6i.xlarge', 'c6i.large'] as const;
export const ORTHANC_DB_CLASSES = ['db.t4g.micro', 'db.t4g.small', 'db.t4g.medium', 'db.t3.micro', 'db.t3.small', 'db.t3.medium', 'db.m7g.large'] as const;
/** evaluation: SQLite index on an encrypted EBS volume; production: RDS PostgreSQL index (the seed). */
export const ORTHANC_PROFILES = ['evaluation', 'production'] as const;

export interface OrthancParameters {
  readonly profile: CfnParameter;
  readonly instanceType: CfnParameter;
  readonly dbClass: CfnParameter;
  readonly multiAz: CfnParameter;
  readonly webCidr: CfnParameter;
  readonly dicomCidr: CfnParameter;
  /** RDS PostgreSQL holds the index (the production profile). */
  readonly production: CfnCondition;
  /** SQLite index on the instance's encrypted data volume (the evaluation profile). */
  readonly evaluation: CfnCondition;
}

export function orthancParameters(stack: Stack): OrthancParameters {
  const profile = new CfnParameter(stack, 'Profile', {
    type: 'String',
    default: ORTHANC_PROFILES[0],
    allowedValues: [...ORTHANC_PROFILES],
    description:
      "evaluation: one instance, Orthanc's index in SQLite on an encrypted EBS volume, images in S3 (cheaper, ready in minutes). production: the index in RDS PostgreSQL (encrypted, optional Multi-AZ). Same outputs either way.",
  });
  const instanceType = new CfnParameter(stack, 'InstanceType', {
    type: 'String',
    default: ORTHANC_INSTANCE_TYPES[0],
    allowedValues: [...ORTHANC_INSTANCE_TYPES],
    description: 'EC2 instance type running Orthanc and nginx (x86_64).',
  });
  const dbClass = new CfnParameter(stack, 'DatabaseClass', {
    type: 'String',
    default: ORTHANC_DB_CLASSES[0],
    allowedValues: [...ORTHANC_DB_CLASSES],
    description: 'RDS PostgreSQL instance class of the index (production profile only).',
  });
  const multiAz = new CfnParameter(stack, 'MultiAz', {
    type: 'String',
    default: 'false',
    allowedValues: ['false', 'true'],
    description: 'Run the RDS database with a standby in a second Availability Zone (production profile only; doubles its price).',
  });
  const webCidr = new CfnParameter(stack, 'WebCidr', {
    type: 'String',
    allowedPattern: CIDR_PATTERN,
    description: 'IPv4 range allowed to reach HTTPS (443: web UI, DICOMweb) and SSH (22, EC2 Instance Connect). Imaging Lab fills in your public address as a /32.',
    constraintDescription: 'must be an IPv4 CIDR between /16 and /32, for example 203.0.113.7/32.',
  });
  const dicomCidr = new CfnParameter(stack, 'DicomCidr', {
    type: 'String',
    allowedPattern: CIDR_PATTERN,
    description: 'IPv4 range of the modalities allowed to reach DICOM-TLS (11112). Imaging Lab fills in your public address as a /32.',
    constraintDescription: 'must be an IPv4 CIDR between /16 and /32, for example 203.0.113.0/24.',
  });
  const production = new CfnCondition(stack, 'ProductionProfile', { expression: Fn.conditionEquals(profile.valueAsString, 'production') });
  const evaluation = new CfnCondition(stack, 'EvaluationProfile', { expression: Fn.conditionEquals(profile.valueAsString, 'evaluation') });

  setParameterInterface(stack, [
    {
      label: 'Orthanc',
      parameters: [
        { parameter: profile, label: 'Profile' },
        { parameter: instanceType, label: 'Instance type' },
      ],
    },
    {
      label: 'Database (production profile)',
      parameters: [
        { parameter: dbClass, label: 'RDS instance class' },
        { parameter: multiAz, label: 'Multi-AZ' },
      ],
    },
    {
      label: 'Access',
      parameters: [
        { parameter: webCidr, label: 'Web and SSH source range (CIDR)' },
        { parameter: dicomCidr, label: 'DICOM-TLS source range (CIDR)' },
      ],
    },
  ]);
  return { profile, instanceType, dbClass, multiAz, webCidr, dicomCidr, production, evaluation };
}
