import { OUTPUT, TAG_KIND, TAG_ROLE, TAG_SSH_USER, TAG_VERSION } from '../../src/core/kinds/stackContract';
import type { FakeAccount, FakeStackSpec } from './model';

export const SCRIPTED_ACCOUNT_ID = '111122223333';
/** A region whose every call is denied (a policy that only allows some regions). */
export const DENIED_REGION = 'ap-southeast-2';
/** The stack that is still being created when the fake starts. */
export const CREATING_STACK = 'mde-teaching';

const HOUR = 3600_000;
/** A NoEcho value the fake returns in clear; the product must never show it. */
export const ORTHANC_ADMIN_PASSWORD = 'Orthanc-Admin-1n-Clear';

function kindTags(kind: string): Record<string, string> {
  return { [TAG_KIND]: kind, [TAG_VERSION]: '0.1.0' };
}

const orthanc: FakeStackSpec = {
  name: 'orthanc-research',
  description: 'Orthanc DICOM server with DICOMweb (Imaging Lab)',
  tags: kindTags('orthanc'),
  // Returned in clear by DescribeStacks, as some CloudFormation-compatible endpoints do: the template says NoEcho.
  parameters: { InstanceType: 't3.medium', AllowedCidr: '127.0.0.10/32', AdminPassword: ORTHANC_ADMIN_PASSWORD },
  templateBody: JSON.stringify({
    Parameters: { InstanceType: { Type: 'String' }, AllowedCidr: { Type: 'String' }, AdminPassword: { Type: 'String', NoEcho: true } },
    Resources: {
      SecurityGroup: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'Orthanc' } },
      KeyPair: { Type: 'AWS::EC2::KeyPair', Properties: { KeyName: 'orthanc-research-key' } },
      Server: { Type: 'AWS::EC2::Instance', Properties: { InstanceType: { Ref: 'InstanceType' } } },
    },
  }),
  resources: [
    { logicalId: 'SecurityGroup', type: 'AWS::EC2::SecurityGroup', physicalId: 'sg-0a1b2c3d4e5f60001' },
    { logicalId: 'KeyPair', type: 'AWS::EC2::KeyPair', physicalId: 'orthanc-research-key' },
    { logicalId: 'Server', type: 'AWS::EC2::Instance', physicalId: 'i-0a1b2c3d4e5f60001' },
  ],
  instances: [
    { instanceId: 'i-0a1b2c3d4e5f60001', logicalId: 'Server', publicIp: '127.0.0.20', privateIp: '10.0.1.20', tags: { Name: 'orthanc', [TAG_ROLE]: 'orthanc', [TAG_SSH_USER]: 'ubuntu' } },
  ],
  outputs: [
    { key: OUTPUT.webUrl, value: 'https://127.0.0.20/ui/app/', description: 'Orthanc Explorer 2' },
    { key: OUTPUT.dicomWebUrl, value: 'https://127.0.0.20/dicom-web/studies', description: 'STOW-RS base' },
    { key: OUTPUT.sshHost, value: '127.0.0.20' },
    { key: OUTPUT.sshUser, value: 'ubuntu' },
    { key: OUTPUT.instanceId, value: 'i-0a1b2c3d4e5f60001' },
    { key: OUTPUT.keyPairParameter, value: '/ec2/keypair/key-0a1b2c3d4e5f60001' },
    { key: OUTPUT.securityGroupId, value: 'sg-0a1b2c3d4e5f60001' },
    { key: OUTPUT.allowMyIpPorts, value: '22,443' },
  ],
  createdAgoMs: 30 * 24 * HOUR,
};

// stowrs kind: a stack of the shipped template's contract (client certificates, published fingerprint) whose
// bucket holds what its service received (two studies, three series). Its endpoint is loopback port 9
// (nothing listens): the Received studies tree and the report work; Send DICOM explains the refused connection.
const STOWRS_FINGERPRINT = Array.from({ length: 32 }, (_, i) => ((i * 53 + 7) % 256).toString(16).padStart(2, '0').toUpperCase()).join(':');
const STOWRS_BUCKET = 'stowrs-to-s3-storagedicombucket-1q2w3e4r5t6y';
const STOWRS_FINGERPRINT_PARAMETER = '/imaging-lab/stowrs-to-s3/endpoint-sha256';
const stowrs: FakeStackSpec = {
  name: 'stowrs-to-s3',
  description: 'STOW-RS to S3: HTTPS STOW-RS endpoint storing each instance in S3 (Imaging Lab)',
  tags: kindTags('stowrs'),
  parameters: { TlsMode: 'generated-client-certificates', Prefix: 'incoming', AllowedCidr: '127.0.0.1/32', InstanceType: 't4g.small', LogLevel: 'INFO' },
  resources: [
    { logicalId: 'StorageDicomBucket40779C1B', type: 'AWS::S3::Bucket', physicalId: STOWRS_BUCKET },
    { logicalId: 'StorageEndpointFingerprintF7A5102E', type: 'AWS::SSM::Parameter', physicalId: STOWRS_FINGERPRINT_PARAMETER },
    { logicalId: 'EndpointLoadBalancerSecurityGroupAB6F85FB', type: 'AWS::EC2::SecurityGroup', physicalId: 'sg-0a1b2c3d4e5f60d01' },
    { logicalId: 'EndpointLoadBalancer861A2FE2', type: 'AWS::ElasticLoadBalancingV2::LoadBalancer' },
    { logicalId: 'ServiceGroup', type: 'AWS::AutoScaling::AutoScalingGroup' },
  ],
  outputs: [
    { key: OUTPUT.dicomWebUrl, value: 'https://127.0.0.1:9/studies', description: 'STOW-RS URL (POST /studies)' },
    { key: 'DicomBucket', value: STOWRS_BUCKET, description: 'S3 bucket receiving the instances' },
    { key: 'DicomPrefix', value: 'incoming', description: 'PREFIX as given' },
    { key: 'EndpointTlsMode', value: 'generated-client-certificates' },
    { key: 'EndpointFingerprintParameter', value: STOWRS_FINGERPRINT_PARAMETER, description: 'SSM parameter with the endpoint certificate SHA-256 fingerprint (pin it)' },
    { key: OUTPUT.securityGroupId, value: 'sg-0a1b2c3d4e5f60d01' },
    { key: OUTPUT.allowMyIpPorts, value: '443' },
  ],
  finalStatus: 'UPDATE_COMPLETE',
  createdAgoMs: 7 * 24 * HOUR,
};
/** What the scripted service received: PREFIX/study/series/sop.dcm (plus one object that is not an instance). */
const STOWRS_STUDY_A = '1.2.826.0.1.3680043.8.498.10';
const STOWRS_STUDY_B = '1.2.826.0.1.3680043.8.498.20';
const stowrsBucket = {
  name: STOWRS_BUCKET,
  objects: {
    ...Object.fromEntries([1, 2, 3].map((n) => [`incoming/${STOWRS_STUDY_A}/${STOWRS_STUDY_A}.1/${STOWRS_STUDY_A}.1.${n}.dcm`, `DICM scripted instance A1.${n}`])),
    ...Object.fromEntries([1, 2].map((n) => [`incoming/${STOWRS_STUDY_A}/${STOWRS_STUDY_A}.2/${STOWRS_STUDY_A}.2.${n}.dcm`, `DICM scripted instance A2.${n}`])),
    [`incoming/${STOWRS_STUDY_B}/${STOWRS_STUDY_B}.1/${STOWRS_STUDY_B}.1.1.dcm`]: 'DICM scripted instance B1.1',
    'incoming/upload-notes.txt': 'not an instance: shown only as a count',
  },
};

const creating: FakeStackSpec = {
  name: CREATING_STACK,
  description: 'MONAI Deploy Express (Imaging Lab)',
  tags: kindTags('mde'),
  parameters: { InstanceType: 'g4dn.xlarge' },
  resources: [
    { logicalId: 'Vpc', type: 'AWS::EC2::VPC' },
    { logicalId: 'SecurityGroup', type: 'AWS::EC2::SecurityGroup' },
    { logicalId: 'Workstation', type: 'AWS::EC2::Instance', physicalId: 'i-0de0000000000001' },
  ],
  instances: [{ instanceId: 'i-0de0000000000001', logicalId: 'Workstation', publicIp: '127.0.0.30', privateIp: '10.0.2.30', tags: { [TAG_ROLE]: 'mde', [TAG_SSH_USER]: 'ubuntu' } }],
  outputs: [
    { key: OUTPUT.webUrl, value: 'https://127.0.0.30/' },
    { key: OUTPUT.sshHost, value: '127.0.0.30' },
    { key: OUTPUT.instanceId, value: 'i-0de0000000000001' },
  ],
};

/** A finished MDE stack, so menus meant for complete MDE stacks have a node to appear on. */
const mdeDone: FakeStackSpec = {
  name: 'mde-research',
  description: 'MONAI Deploy Express (Imaging Lab)',
  tags: kindTags('mde'),
  resources: [{ logicalId: 'Workstation', type: 'AWS::EC2::Instance', physicalId: 'i-0de0000000000002' }],
  instances: [{ instanceId: 'i-0de0000000000002', logicalId: 'Workstation', publicIp: '127.0.0.40', privateIp: '10.1.2.40', tags: { [TAG_ROLE]: 'mde', [TAG_SSH_USER]: 'ubuntu' } }],
  outputs: [
    { key: OUTPUT.webUrl, value: 'https://127.0.0.40/' },
    { key: OUTPUT.sshHost, value: '127.0.0.40' },
    { key: OUTPUT.sshUser, value: 'ubuntu' },
    { key: OUTPUT.instanceId, value: 'i-0de0000000000002' },
  ],
  createdAgoMs: 5 * 24 * HOUR,
};

const lab: FakeStackSpec = {
  name: 'teaching-lab',
  description: 'Research lab: Jupyter, FileGator, Client VPN (Imaging Lab)',
  tags: kindTags('lab'),
  resources: [
    { logicalId: 'Jupyter', type: 'AWS::EC2::Instance', physicalId: 'i-0ab0000000000001' },
    { logicalId: 'FileGator', type: 'AWS::EC2::Instance', physicalId: 'i-0ab0000000000002' },
  ],
  instances: [
    { instanceId: 'i-0ab0000000000001', logicalId: 'Jupyter', privateIp: '10.1.3.10', tags: { [TAG_ROLE]: 'jupyter', [TAG_SSH_USER]: 'ec2-user' } },
    // Stopped overnight: the tree shows a stopped instance (and its Start menu entry).
    { instanceId: 'i-0ab0000000000002', logicalId: 'FileGator', privateIp: '10.1.3.11', state: 'stopped', tags: { [TAG_ROLE]: 'filegator', [TAG_SSH_USER]: 'ec2-user' } },
  ],
  outputs: [{ key: OUTPUT.webUrl, value: 'https://127.0.0.1:2/jupyter/' }, { key: OUTPUT.instanceId, value: 'i-0ab0000000000001' }],
  createdAgoMs: 10 * 24 * HOUR,
};

const failedLab: FakeStackSpec = {
  name: 'student-lab',
  description: 'Research lab: Jupyter, FileGator, Client VPN (Imaging Lab)',
  tags: kindTags('lab'),
  resources: [{ logicalId: 'Notebook', type: 'AWS::SageMaker::NotebookInstance' }],
  finalStatus: 'ROLLBACK_COMPLETE',
  finalReason: 'The following resource(s) failed to create: [Notebook]. Rollback requested by user.',
  createdAgoMs: 2 * HOUR,
};

const unrelated: FakeStackSpec = {
  name: 'network-baseline',
  description: 'Shared VPC for the department',
  tags: { team: 'it' },
  resources: [{ logicalId: 'Vpc', type: 'AWS::EC2::VPC' }],
  createdAgoMs: 400 * 24 * HOUR,
};

const tator: FakeStackSpec = {
  name: 'tator-annotation',
  description: 'Tator annotation platform on EKS (Imaging Lab)',
  tags: kindTags('tator'),
  // Tator (issue 15): the outputs its template declares; DescribeCluster answers for the cluster (loopback endpoint).
  parameters: { AllowedCidr: '127.0.0.1/32', CpuInstanceType: 'm5.xlarge', CpuWorkers: '2', GpuInstanceType: 'g4dn.xlarge', GpuWorkers: '0', DatabaseInstanceClass: 'db.t4g.small' },
  resources: [{ logicalId: 'EksCluster', type: 'AWS::EKS::Cluster', physicalId: 'tator-annotation-eks' }],
  outputs: [
    { key: OUTPUT.webUrl, value: 'http://127.0.0.1:9/' },
    { key: 'TatorUrl', value: 'http://127.0.0.1:9/' },
    { key: 'ClusterName', value: 'tator-annotation-eks' },
    { key: 'KubeconfigCommand', value: 'aws eks update-kubeconfig --region eu-west-1 --name tator-annotation-eks' },
  ],
  createdAgoMs: 3 * 24 * HOUR,
};

// orthanc kind: a stack of the shipped template's contract (outputs, published certificate, admin secret).
// Its server is loopback port 9 (nothing listens): Send DICOM and Open Orthanc explain the refused connection.
const ORTHANC_PACS_FINGERPRINT = Array.from({ length: 32 }, (_, i) => ((i * 37 + 11) % 256).toString(16).padStart(2, '0').toUpperCase()).join(':');
const orthancPacs: FakeStackSpec = {
  name: 'orthanc-pacs',
  description: 'Orthanc with DICOMweb and DICOM-TLS behind nginx (Imaging Lab)',
  tags: kindTags('orthanc'),
  parameters: { Profile: 'evaluation', InstanceType: 't3.medium', WebCidr: '127.0.0.1/32', DicomCidr: '127.0.0.1/32' },
  resources: [
    { logicalId: 'OrthancInstance', type: 'AWS::EC2::Instance', physicalId: 'i-0a1b2c3d4e5f60c01' },
    { logicalId: 'DataTlsFingerprint', type: 'AWS::SSM::Parameter', physicalId: '/orthanc-pacs/tls/fingerprint' },
    { logicalId: 'DataTlsCa', type: 'AWS::SSM::Parameter', physicalId: '/orthanc-pacs/tls/ca' },
    { logicalId: 'DataOrthancAdmin', type: 'AWS::SecretsManager::Secret', physicalId: 'orthanc-pacs/orthanc-admin' },
  ],
  outputs: [
    { key: OUTPUT.webUrl, value: 'https://127.0.0.1:9/' },
    { key: OUTPUT.dicomWebUrl, value: 'https://127.0.0.1:9/dicom-web/studies' },
    { key: OUTPUT.dicomWebCredentialsSecret, value: 'orthanc-pacs/orthanc-admin' },
    { key: OUTPUT.dicomHost, value: '127.0.0.1' },
    { key: OUTPUT.dicomPort, value: '11112' },
    { key: OUTPUT.dicomAeTitle, value: 'ORTHANC' },
    { key: OUTPUT.instanceId, value: 'i-0a1b2c3d4e5f60c01' },
    { key: OUTPUT.allowMyIpPorts, value: '22,443,11112' },
    { key: 'TlsFingerprintParameter', value: '/orthanc-pacs/tls/fingerprint' },
    { key: 'TlsCaCertificateParameter', value: '/orthanc-pacs/tls/ca' },
  ],
  createdAgoMs: 2 * 24 * HOUR,
};
const orthancPacsParameters = [
  { name: '/orthanc-pacs/tls/fingerprint', value: ORTHANC_PACS_FINGERPRINT },
  { name: '/orthanc-pacs/tls/ca', value: 'pending: written by the instance on first boot' },
];
const orthancPacsSecrets = [{ name: 'orthanc-pacs/orthanc-admin', value: '{"username":"admin","password":"scripted-not-a-secret"}', stack: 'orthanc-pacs' }];

/**
 * The account the integration and e2e suites look at: five kinds across two regions, every kind with
 * a complete stack, one stack being created while the tests watch, a rolled-back stack, an
 * unrelated stack, and a denied region.
 */
export function scriptedAccount(options: { creatingDurationMs?: number; pageSize?: number } = {}): FakeAccount {
  return {
    accountId: SCRIPTED_ACCOUNT_ID,
    userName: 'researcher',
    pageSize: options.pageSize ?? 2,
    operationDurationMs: 4000,
    regions: {
      'us-east-1': {
        stacks: [orthanc, stowrs, { ...creating, createDurationMs: options.creatingDurationMs ?? 20000 }, failedLab, unrelated],
        parameters: [
          { name: '/ec2/keypair/key-0a1b2c3d4e5f60001', type: 'SecureString', value: '-----BEGIN OPENSSH PRIVATE KEY-----\nfake\n-----END OPENSSH PRIVATE KEY-----\n' },
          // stowrs kind
          { name: STOWRS_FINGERPRINT_PARAMETER, value: STOWRS_FINGERPRINT },
        ],
        // stowrs kind
        buckets: [stowrsBucket],
      },
      'eu-west-1': { stacks: [tator, mdeDone, lab, orthancPacs], parameters: orthancPacsParameters, secrets: orthancPacsSecrets },
      [DENIED_REGION]: {
        error: {
          code: 'AccessDenied',
          httpStatus: 403,
          message: `User: arn:aws:iam::${SCRIPTED_ACCOUNT_ID}:user/researcher is not authorized to perform: cloudformation:DescribeStacks in region ${DENIED_REGION} with an explicit deny in a service control policy`,
        },
      },
    },
  };
}
