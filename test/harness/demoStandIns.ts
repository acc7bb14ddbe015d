import { readFile } from 'node:fs/promises';
import { certificateFingerprint } from '../../src/core/pki/certificates';
import type { FakeStandIns } from '../fakeaws/model';
import { startOrthanc } from '../support/orthanc';
import { startSshd } from '../support/sshd';
import { startTatorStandIn } from '../support/tatorStandIn';
import { makeTlsMaterial, startTlsProxy } from '../support/tlsProxy';

export interface DemoStandIns {
  readonly standIns: FakeStandIns;
  stop(): Promise<void>;
}

/**
 * The local servers `npm start -- --fake-aws` runs beside the fake AWS endpoint, the same peers
 * the tests use: an OpenSSH sshd (every demo instance; its client key is the key pair's parameter,
 * its host key is in the console output to pin) and Orthanc with DICOMweb (Send DICOM stores there;
 * Open in Browser opens Orthanc Explorer), also behind TLS for Orthanc-kind stacks (a one-off CA
 * signs the certificate; its fingerprint and CA are what those stacks publish), and a page where a Tator
 * stack's site would answer (Open Tator). All on 127.0.0.1 only.
 */
export async function startDemoStandIns(): Promise<DemoStandIns> {
  const sshd = await startSshd();
  try {
    const orthanc = await startOrthanc();
    const material = await makeTlsMaterial();
    const tls = await startTlsProxy({ targetPort: Number(new URL(orthanc.url).port), material });
    const tator = await startTatorStandIn();
    const [caPem, serverPem] = await Promise.all([readFile(material.caCert, 'utf8'), readFile(material.serverCert, 'utf8')]);
    return {
      standIns: {
        ssh: { port: sshd.port, user: sshd.user, privateKey: sshd.clientKey, hostKeyLine: sshd.hostKeyLine() },
        dicomWebUrl: `${orthanc.dicomWeb}/studies`,
        webUrl: `${orthanc.url}/app/explorer.html`,
        orthancTls: { origin: tls.origin, caPem: caPem.trim(), fingerprint: certificateFingerprint(serverPem) },
        tatorUrl: tator.url,
      },
      stop: async () => {
        await tator.stop();
        await tls.stop();
        await material.cleanup();
        await orthanc.stop();
        await sshd.stop();
      },
    };
  } catch (error) {
    await sshd.stop();
    throw error;
  }
}

/** The README of the demo workspace: what the demo is and what to try. */
export function demoReadme(fakeAwsUrl: string): string {
  return [
    '# Imaging Lab demo',
    '',
    `This window talks to a fake AWS account (111122223333) served on this machine at ${fakeAwsUrl}, not to AWS.`,
    'Nothing leaves the machine: every demo stack points at local stand-ins started with the demo,',
    'an OpenSSH server on 127.0.0.1 (every instance), Orthanc with DICOMweb on 127.0.0.1 (every DICOM endpoint and web page)',
    'and a page where a Tator site would answer (Open Tator).',
    '',
    '## What to try',
    '',
    '- Open the **Imaging Lab** view in the activity bar: stacks of five kinds in us-east-1 and eu-west-1,',
    '  one being created while you watch (mde-teaching), one rolled back (student-lab), and a denied region (ap-southeast-2).',
    '- Right-click **mde-research** or **orthanc-research**: the menu groups the actions. *Connect › Open SSH Terminal* (no local OpenSSH needed),',
    '  *Connect › Open with OpenSSH in Terminal*, *Connect › Write SSH Config* (then `ssh <stack name>` works from any terminal),',
    '  *Network › Allow My IP* (changes the fake security group), *Open in Browser*, *Stack › Show Deployment Progress*.',
    '- *DICOM › Send Sample DICOM* on a stack, or right-click `studies/` in the Explorer and *Send DICOM to…*: the samples are stored in the local',
    '  Orthanc (open it with *Open in Browser*). Orthanc stacks reach it over TLS with a certificate they publish, as a real Orthanc stack does.',
    '- Run **Imaging Lab: Deploy…** from the command palette: the new stack is created by the fake in seconds and its actions work like the others.',
    '',
  ].join('\n');
}
