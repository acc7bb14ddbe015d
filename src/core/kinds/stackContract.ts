/**
 * The stack contract (design.md §2): the tags and outputs every kind's template promises, and by
 * which the product finds, connects to and sends to a stack of any kind.
 */

/** Version of the contract the shipped templates implement (their resources and Metadata carry it). */
export const CONTRACT_VERSION = '1';

/** Stack tag naming the kind; CreateStack passes it, since a template cannot tag its own stack. */
export const TAG_KIND = 'imaging-lab:kind';
/** Stack tag: the Imaging Lab version that deployed (or last re-templated) the stack. */
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
