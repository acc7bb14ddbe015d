/** The imaging systems Imaging Lab knows how to deploy, in the order the UI lists them. */
export const KIND_IDS = ['mde', 'orthanc', 'stowrs', 'lab', 'tator'] as const;
export type KindId = (typeof KIND_IDS)[number];
/** A stack that is not one of ours is shown under "Other". */
export type StackKind = KindId | 'other';

export function isKindId(value: string | undefined): value is KindId {
  return value !== undefined && (KIND_IDS as readonly string[]).includes(value);
}

/** Tag and output names of the stack contract (design.md §2). */
export const TAG_KIND = 'imaging-lab:kind';
export const TAG_VERSION = 'imaging-lab:version';
export const TAG_ROLE = 'imaging-lab:role';
export const TAG_SSH_USER = 'imaging-lab:ssh-user';
export const TAG_SSH_VIA = 'imaging-lab:ssh-via';
/** Instance tag: sshd port when it is not 22. */
export const TAG_SSH_PORT = 'imaging-lab:ssh-port';

export const OUTPUT = {
  sshHost: 'SshHost',
  sshUser: 'SshUser',
  instanceId: 'InstanceId',
  keyPairParameter: 'KeyPairParameter',
  securityGroupId: 'SecurityGroupId',
  allowMyIpPorts: 'AllowMyIpPorts',
  webUrl: 'WebUrl',
  dicomWebUrl: 'DicomWebUrl',
  dicomWebCredentialsSecret: 'DicomWebCredentialsSecret',
  dicomHost: 'DicomHost',
  dicomPort: 'DicomPort',
  dicomAeTitle: 'DicomAeTitle',
} as const;
