import assert from 'node:assert/strict';
import { join } from 'node:path';
import { sshCommandFor } from '../../../src/core/ssh/sshCommand';
import { sshPaths } from '../../../src/core/ssh/sshPaths';

describe('the OpenSSH command line for a managed host', () => {
  const home = join('/home', 'ana');

  it('is plain `ssh alias` when OpenSSH reads the config that includes the managed file', () => {
    assert.equal(sshCommandFor(sshPaths(join(home, '.ssh')), 'mde-mylab', 'added', home), 'ssh mde-mylab');
    assert.equal(sshCommandFor(sshPaths(join(home, '.ssh')), 'mde-mylab', 'present', home), 'ssh mde-mylab');
  });

  it('passes -F when the include could not be written', () => {
    const paths = sshPaths(join(home, '.ssh'));
    assert.equal(sshCommandFor(paths, 'mde-mylab', { error: 'unreadable' }, home), `ssh -F ${join(home, '.ssh', 'imaging-lab', 'config')} mde-mylab`);
  });

  it('passes -F when OpenSSH looks elsewhere: another --ssh-dir, or $HOME not the password-database home', () => {
    assert.equal(sshCommandFor(sshPaths('/tmp/other ssh'), 'lab-c1-jupyter', 'created', home), 'ssh -F "/tmp/other ssh/imaging-lab/config" lab-c1-jupyter');
    assert.equal(sshCommandFor(sshPaths('/srv/home/ana/.ssh'), 'x', 'added', home), 'ssh -F /srv/home/ana/.ssh/imaging-lab/config x');
  });
});
