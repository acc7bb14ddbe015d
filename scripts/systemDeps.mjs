// What the test tiers need from Debian, and how to check for it: the one list, shared by
// scripts/test.mjs (installs what is missing when it can), .ci/run (installs everything up front)
// and the VS Code server install (checks its subset and says how to install it).
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';

/** Debian package -> a file that proves it is installed. */
export const SYSTEM_PACKAGES = {
  orthanc: '/usr/sbin/Orthanc',
  'orthanc-dicomweb': '/usr/share/orthanc/plugins/libOrthancDicomWeb.so',
  dcmtk: '/usr/bin/dcmdump',
  'openssh-server': '/usr/sbin/sshd',
  'openssh-client': '/usr/bin/ssh',
  shellcheck: '/usr/bin/shellcheck',
  chromium: '/usr/bin/chromium',
  ripgrep: '/usr/bin/rg',
  openssl: '/usr/bin/openssl',
  curl: '/usr/bin/curl',
  // The STOW-RS installer keeps its endpoint key and certificate as JSON (tested with the real jq).
  jq: '/usr/bin/jq',
  // Kinds whose instances put nginx in front of a service (Orthanc, STOW-RS) test that site configuration for real.
  nginx: '/usr/sbin/nginx',
  // DICOM-TLS on the Orthanc instance is an nginx stream server; Debian ships the module separately.
  'libnginx-mod-stream': '/usr/lib/nginx/modules/ngx_stream_module.so',
  // The Orthanc instance's production profile keeps its index in PostgreSQL: tested with Debian's plugin and server.
  'orthanc-postgresql': '/usr/share/orthanc/plugins/libOrthancPostgreSQLIndex.so',
  postgresql: '/usr/lib/postgresql/15/bin/postgres',
  // The MDE integration test reads its env file as the instance does: through `sudo -n`.
  sudo: '/usr/bin/sudo',
  'libkrb5-dev': '/usr/include/krb5.h',
  'libx11-dev': '/usr/include/X11/Xlib.h',
  'libxkbfile-dev': '/usr/include/X11/extensions/XKBfile.h',
  'libsecret-1-dev': '/usr/include/libsecret-1/libsecret/secret.h',
  // The VS Code server's native modules are rebuilt from source (node-gyp).
  'build-essential': '/usr/share/build-essential/essential-packages-list',
  python3: '/usr/bin/python3',
  // The research lab's Lambda and notebook helper run under Debian's Python against a local S3 (s3rver).
  'python3-boto3': '/usr/lib/python3/dist-packages/boto3/__init__.py',
  'python3-pil': '/usr/lib/python3/dist-packages/PIL/__init__.py',
  // The lab's .ovpn is checked by a real OpenVPN handshake on loopback (mutual TLS, no tunnel device).
  openvpn: '/usr/sbin/openvpn',
};

/** Of those, what installing the VS Code server and running the browser tests need (design.md §3). */
export const VSCODE_SERVER_PACKAGES = [
  'chromium',
  'ripgrep',
  'libkrb5-dev',
  'libx11-dev',
  'libxkbfile-dev',
  'libsecret-1-dev',
  'build-essential',
  'python3',
];

function present(path) {
  if (!path) return false;
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/** The packages among `names` whose proof file is absent; `root` lets a test point at a fake system. */
export function missingPackages(names = Object.keys(SYSTEM_PACKAGES), root = '/') {
  return names.filter((pkg) => !present(SYSTEM_PACKAGES[pkg] && join(root, SYSTEM_PACKAGES[pkg])));
}

/** Throws with the exact apt-get line when any of `names` is missing; `who` says what needs them. */
export function assertPackages(names, who, root = '/') {
  const missing = missingPackages(names, root);
  if (missing.length > 0) {
    throw new Error(`${who} needs Debian packages that are not installed: ${missing.join(', ')}.\nInstall them with: sudo apt-get install -y ${missing.join(' ')}`);
  }
}

/** Installs the missing packages with apt-get when running as root; returns what is still missing. */
export function installMissing(log = console.log) {
  const missing = missingPackages();
  if (missing.length === 0) return [];
  const canInstall = process.getuid?.() === 0 && present('/usr/bin/apt-get');
  if (!canInstall) return missing;
  log(`Installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  return missingPackages();
}
