import { createHash } from 'node:crypto';
import { OUTPUT, TAG_ROLE, TAG_SSH_PORT, TAG_SSH_USER } from '../../src/core/kinds/stackContract';
import type { FakeInstance, FakeOutput, FakeParameter, FakeResource, FakeStandIns, FakeStackSpec } from './model';
import { hostKeyConsoleOutput } from './sshHost';

/** Stable hex derived from the stack name: ids stay the same across demo restarts. */
function hex(name: string, salt: string, length: number): string {
  return createHash('sha256').update(`${salt}:${name}`).digest('hex').slice(0, length);
}

/** Output keys naming the SSM parameters an Orthanc stack publishes (src/core/kinds/orthanc/publishedCertificate.ts). */
const ORTHANC_TLS_FINGERPRINT_OUTPUT = 'TlsFingerprintParameter';
const ORTHANC_TLS_CA_OUTPUT = 'TlsCaCertificateParameter';
/** Output key of a Tator stack's site (src/core/kinds/tator/tatorStack.ts). */
const TATOR_URL_OUTPUT = 'TatorUrl';
const INSTANCE_TYPE = 'AWS::EC2::Instance';
const GROUP_TYPE = 'AWS::EC2::SecurityGroup';
const KIND_TAG = 'imaging-lab:kind';
/** Kinds that receive DICOM (the others have no DicomWebUrl). */
const DICOM_KINDS = new Set(['mde', 'orthanc', 'stowrs']);

/** Resources with the instance and security group a reachable stand-in host needs. */
function standInResources(spec: FakeStackSpec): FakeResource[] {
  const resources = [...(spec.resources ?? [])];
  if ((spec.instances?.length ?? 0) > 0 || resources.some((r) => r.type === INSTANCE_TYPE)) {
    if (!resources.some((r) => r.type === GROUP_TYPE)) resources.unshift({ logicalId: 'DemoSecurityGroup', type: GROUP_TYPE });
    return resources.map((r) => (r.type === GROUP_TYPE && !r.physicalId ? { ...r, physicalId: `sg-0${hex(spec.name, r.logicalId, 16)}` } : r));
  }
  return resources;
}

function standInInstances(spec: FakeStackSpec, resources: readonly FakeResource[], ssh: FakeStandIns['ssh']): FakeInstance[] {
  const scripted = spec.instances ?? [];
  const created = resources
    .filter((r) => r.type === INSTANCE_TYPE && !scripted.some((i) => i.logicalId === r.logicalId))
    .map((r, n): FakeInstance => ({ instanceId: r.physicalId ?? `i-0${hex(spec.name, r.logicalId, 16)}`, logicalId: r.logicalId, privateIp: `10.0.9.${10 + n}`, tags: { [TAG_ROLE]: 'server' } }));
  return [...scripted, ...created].map((i) => ({
    ...i,
    publicIp: '127.0.0.1',
    tags: { ...i.tags, [TAG_SSH_USER]: ssh.user, [TAG_SSH_PORT]: String(ssh.port) },
    consoleOutput: hostKeyConsoleOutput(ssh.hostKeyLine),
  }));
}

/**
 * The stack as the demo serves it: instances are the loopback sshd (its port, user and pinned host
 * key in the console output), the key pair's parameter is that sshd's client key, web and DICOMweb
 * outputs are the demo's loopback servers, and the contract outputs that enable the menus (SSH,
 * Allow My IP, Send DICOM) are present. Stacks without instances keep only their URL outputs.
 */
export function withStandIns(spec: FakeStackSpec, standIns: FakeStandIns): { spec: FakeStackSpec; parameters: Omit<FakeParameter, 'tags'>[] } {
  const resources = standInResources(spec);
  const instances = standInInstances(spec, resources, standIns.ssh);
  const outputs = new Map<string, FakeOutput>((spec.outputs ?? []).map((o) => [o.key, o]));
  const set = (key: string, value: string, keep = false) => {
    const old = outputs.get(key);
    if (!(keep && old)) outputs.set(key, { ...old, key, value });
  };
  const parameters: Omit<FakeParameter, 'tags'>[] = [];
  const tls = spec.tags?.[KIND_TAG] === 'orthanc' ? standIns.orthancTls : undefined;
  if (outputs.has(OUTPUT.webUrl)) set(OUTPUT.webUrl, tls ? `${tls.origin}/app/explorer.html` : standIns.webUrl);
  if (outputs.has(OUTPUT.dicomWebUrl) || DICOM_KINDS.has(spec.tags?.[KIND_TAG] ?? '')) set(OUTPUT.dicomWebUrl, tls ? `${tls.origin}/dicom-web/studies` : standIns.dicomWebUrl);
  outputs.delete(OUTPUT.dicomWebCredentialsSecret);
  if (spec.tags?.[KIND_TAG] === 'tator' && standIns.tatorUrl) {
    set(OUTPUT.webUrl, standIns.tatorUrl);
    set(TATOR_URL_OUTPUT, standIns.tatorUrl);
  }
  if (tls) {
    // An Orthanc stack serves TLS only and publishes its certificate's fingerprint and CA in SSM.
    const fingerprint = { name: `/imaging-lab-demo/${spec.name}/tls/fingerprint`, type: 'String' as const, value: tls.fingerprint };
    const ca = { name: `/imaging-lab-demo/${spec.name}/tls/ca`, type: 'String' as const, value: tls.caPem };
    set(ORTHANC_TLS_FINGERPRINT_OUTPUT, fingerprint.name);
    set(ORTHANC_TLS_CA_OUTPUT, ca.name);
    parameters.push(fingerprint, ca);
  }
  const first = instances[0];
  if (first) {
    set(OUTPUT.sshHost, '127.0.0.1');
    set(OUTPUT.sshUser, standIns.ssh.user);
    set(OUTPUT.instanceId, first.instanceId);
    const keyPairId = `key-0${hex(spec.name, 'KeyPair', 16)}`;
    set(OUTPUT.keyPairParameter, keyPairId);
    parameters.push({ name: `/ec2/keypair/${keyPairId}`, type: 'SecureString', value: standIns.ssh.privateKey });
    const group = resources.find((r) => r.type === GROUP_TYPE);
    if (group?.physicalId) set(OUTPUT.securityGroupId, group.physicalId);
    set(OUTPUT.allowMyIpPorts, '22', true);
  }
  return { spec: { ...spec, resources, instances, outputs: [...outputs.values()] }, parameters };
}
