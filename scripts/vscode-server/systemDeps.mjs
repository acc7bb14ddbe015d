import { spawnSync } from 'node:child_process';

/** Debian packages the server install and the browser tests need (design.md §3). */
export const REQUIRED_DEBIAN_PACKAGES = ['chromium', 'ripgrep', 'libkrb5-dev', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev'];

/** Build tools node-gyp needs to rebuild the native modules. */
const REQUIRED_TOOLS = [
  ['make', 'build-essential'],
  ['g++', 'build-essential'],
  ['python3', 'python3'],
];

function isPackageInstalled(name) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function hasTool(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** Names of the Debian packages that are missing (empty when everything is present). */
export function missingDebianPackages() {
  const hasDpkg = spawnSync('sh', ['-c', 'command -v dpkg-query'], { stdio: 'ignore' }).status === 0;
  const missing = hasDpkg ? REQUIRED_DEBIAN_PACKAGES.filter((p) => !isPackageInstalled(p)) : [];
  // Without dpkg (not Debian) fall back to the executables we actually call.
  if (!hasDpkg) {
    if (!hasTool('chromium')) missing.push('chromium');
    if (!hasTool('rg')) missing.push('ripgrep');
  }
  for (const [tool, pkg] of REQUIRED_TOOLS) if (!hasTool(tool) && !missing.includes(pkg)) missing.push(pkg);
  return missing;
}

/** Throws with the exact apt-get line when anything is missing. */
export function assertSystemDependencies() {
  const missing = missingDebianPackages();
  if (missing.length > 0) {
    throw new Error(
      `The VS Code server test harness needs Debian packages that are not installed: ${missing.join(', ')}.\n` +
        `Install them with: sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
}
