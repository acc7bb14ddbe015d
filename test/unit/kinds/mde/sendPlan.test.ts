import assert from 'node:assert/strict';
import { MDE_PHI_WARNING, MdeSendPlanError, mdeSendPlan } from '../../../../src/core/kinds/mde/sendPlan';

/** Outputs as DescribeStacks returns them for a stack made from templates/mde.template.json. */
const OUTPUTS = {
  SshHost: '127.0.0.23',
  SshUser: 'ubuntu',
  DicomWebUrl: 'http://127.0.0.23:5000/dicomweb/studies',
  DicomHost: '127.0.0.23',
  DicomPort: '104',
  DicomAeTitle: 'MONAI-DEPLOY',
};

describe('MDE: send plan (SSH tunnel by default)', () => {
  it('tunnels a free local port to MIG port 5000 on the instance loopback and posts to the STOW-RS route', () => {
    const plan = mdeSendPlan(OUTPUTS);
    assert.equal(plan.route, 'tunnel');
    if (plan.route !== 'tunnel') return;
    assert.deepEqual(
      [plan.sshHost, plan.sshUser, plan.remoteHost, plan.remotePort, plan.localPort, plan.path],
      ['127.0.0.23', 'ubuntu', '127.0.0.1', 5000, 0, '/dicomweb/studies'],
    );
    assert.equal(plan.urlFor(41234), 'http://127.0.0.1:41234/dicomweb/studies');
  });

  it('targets a registered workflow through MIG /dicomweb/{workflow-id}/studies', () => {
    const plan = mdeSendPlan(OUTPUTS, { workflowId: '849d4683-006b-410c-aa17-d0474ee26b7b' });
    assert.equal(plan.route === 'tunnel' && plan.urlFor(5555), 'http://127.0.0.1:5555/dicomweb/849d4683-006b-410c-aa17-d0474ee26b7b/studies');
    assert.throws(() => mdeSendPlan(OUTPUTS, { workflowId: '../admin' }), (e: unknown) => e instanceof MdeSendPlanError && e.reason === 'badWorkflowId');
  });

  it('refuses the open port until the PHI warning was accepted, and says why', () => {
    assert.throws(
      () => mdeSendPlan(OUTPUTS, { route: 'openPort' }),
      (e: unknown) => e instanceof MdeSendPlanError && e.reason === 'needsPhiAcknowledgement' && e.message.includes(MDE_PHI_WARNING),
    );
    assert.throws(() => mdeSendPlan(OUTPUTS, { route: 'openPort', acceptedPhiWarning: false }), MdeSendPlanError);
  });

  it('uses the open port after the explicit choice, names the port to open and carries the warning', () => {
    const plan = mdeSendPlan(OUTPUTS, { route: 'openPort', acceptedPhiWarning: true });
    assert.deepEqual(plan, {
      route: 'openPort',
      url: 'http://127.0.0.23:5000/dicomweb/studies',
      portToOpen: 5000,
      warning: MDE_PHI_WARNING,
    });
    assert.match(MDE_PHI_WARNING, /de-identified/);
    assert.match(MDE_PHI_WARNING, /PHI over the internet/);
  });

  it('explains what to do when the stack has no outputs yet', () => {
    assert.throws(
      () => mdeSendPlan({ SshHost: '127.0.0.23' }),
      (e: unknown) => e instanceof MdeSendPlanError && e.reason === 'missingOutputs' && /CREATE_COMPLETE/.test(e.message),
    );
  });

  it('defaults the login user to ubuntu when the output is absent', () => {
    const { SshUser: _ignored, ...withoutUser } = OUTPUTS;
    const plan = mdeSendPlan(withoutUser);
    assert.equal(plan.route === 'tunnel' && plan.sshUser, 'ubuntu');
  });
});
