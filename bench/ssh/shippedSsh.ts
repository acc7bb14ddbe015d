/**
 * Entry the SSH benchmark bundles exactly like the extension (ssh2 resolved to dist/vendor/ssh2.js,
 * whose native crypto binding is not shipped), so it measures the code users run.
 */
export { connectSsh } from '../../src/core/ssh/sshConnect';
export { openShell } from '../../src/core/ssh/shellSession';
