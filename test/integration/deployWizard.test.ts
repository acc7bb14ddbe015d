import assert from 'node:assert/strict';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import * as vscode from 'vscode';
import { TAG_KIND } from '../../src/core/kinds/stackContract';
import { activatedExtension, eventually } from './support/extensionUnderTest';
import { ensureScriptedRegions } from './support/scriptedRegions';
import { withScriptedQuickInput, type Asked, type Reply } from './support/scriptedQuickInput';
import { captureWindow } from './support/windowCapture';
import type { Services } from '../../src/vscode/services';
import { logChannelText } from './support/logChannel';

const STACK = 'mde-wizard';
const PASSWORD = 'Imaging-Lab-Test-Passw0rd!';

/** Answers like a careful person: a bad name first, then good values; Back once from the region step. */
function person(): (a: Asked) => Reply {
  let wentBack = false;
  return (a) => {
    if (/What do you want to deploy/i.test(a.text)) return { pick: /MONAI/i };
    if (/Region to deploy to/i.test(a.text)) {
      if (!wentBack) {
        wentBack = true;
        return 'back';
      }
      return { pick: /^us-east-1$/ };
    }
    if (/^Stack name in /.test(a.text)) return { input: a.rejected.length === 0 ? '9 bad name!' : STACK };
    if (/Review, then create/i.test(a.text)) return { pick: /Create stack/ };
    // "Any zone": the wizard fills in a zone that offers the GPU type before the review.
    if (/Availability Zone/.test(a.title)) return a.kind === 'pick' ? { pick: /Any zone that offers/ } : { input: '' };
    if (a.kind === 'pick') return { pick: /.*/ };
    // The Costs group: no budget (no e-mail), whole numbers for the idle threshold and the amount.
    if (/\(e-mail\)/.test(a.title)) return { input: '' };
    if (/percent|budget/i.test(`${a.title} ${a.text}`)) return { input: '10' };
    if (/cidr|address|ip/i.test(`${a.title} ${a.text}`)) return { input: '127.0.0.7/32' };
    if (a.password) return { input: PASSWORD };
    return { input: 'x' };
  };
}

describe('deploy wizard (real QuickInputPrompter, scripted answers)', function () {
  this.timeout(60000);
  before(ensureScriptedRegions);
  after(async () => {
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label.endsWith(`: ${STACK}`));
    await vscode.window.tabGroups.close(tabs);
  });

  it('asks kind, region, name and every parameter, goes Back, rejects a bad name, then creates the stack tagged with its kind', async () => {
    const { services } = await activatedExtension();
    // The fake creates the stack in seconds; its "is ready" notice must land here, not in a later test.
    const capture = captureWindow();
    try {
      await createThroughWizard(services);
      await eventually('the completion notice of the new stack', async () => capture.messages.find((m) => m.text === `${STACK} is ready (CREATE_COMPLETE).`), 30000, 250);
    } finally {
      capture.restore();
    }
  });

  it('logs the CreateStack call in the Imaging Lab channel, never the NoEcho password typed in the wizard', async () => {
    const { services } = await activatedExtension();
    const log = await logChannelText(services, new RegExp(`AWS CloudFormation CreateStack us-east-1: \\d+ ms, request [0-9a-f-]{36}`));
    assert.match(log, /\[info\] Created mde-wizard \(us-east-1\): arn:aws:cloudformation:us-east-1:/);
    assert.ok(!log.includes(PASSWORD), 'the NoEcho value is not in the log');
  });
});

async function createThroughWizard(services: Services): Promise<void> {
  // Through the registered command, so the wizard runs on the extension's own SDK clients
  // (a paginator only accepts clients of its own module copy, and this suite bundles another).
  const asked = await withScriptedQuickInput(person(), () => vscode.commands.executeCommand('imagingLab.deployStack'));
  const texts = asked.map((a) => a.text);
  assert.match(texts[0] ?? '', /What do you want to deploy/);
  assert.match(texts[1] ?? '', /Region/);
  assert.equal(asked[1]?.canGoBack, true);
  assert.match(texts[2] ?? '', /What do you want to deploy/, 'Back returns to the previous step');
  const name = asked.find((a) => /^Stack name in /.test(a.text));
  assert.ok(name && name.rejected.length === 1, `the invalid name was not rejected: ${JSON.stringify(name)}`);
  assert.ok(asked.some((a) => a.password), 'the NoEcho password is asked without echo');
  const zone = asked.find((a) => /Availability Zone/.test(a.title));
  assert.deepEqual(zone?.kind === 'pick' ? zone.items.slice(1, 3) : zone, ['us-east-1b', 'us-east-1c'], 'the zones of the fake that offer the GPU type are listed');
  assert.match(texts.at(-1) ?? '', /Review, then create/);
  // Every question shows its step: 1, 2, Back to 1, then one more per answer; the same number again
  // only where a step asks a follow-up question of its own (a secret typed again to confirm it).
  const steps = asked.map((a) => a.step);
  assert.ok(steps.length > 4, `only ${steps.length} questions`);
  const moves = steps.slice(1).map((s, i) => [asked[i + 1]!, (s ?? NaN) - (steps[i] ?? NaN)] as const);
  assert.equal(steps[0], 1);
  assert.equal(moves[1]?.[1], -1, `Back goes one step back: ${steps.join(',')}`);
  const odd = moves.filter(([a, d], i) => i !== 1 && d !== 1 && !(d === 0 && /\(again\)/.test(a.title)));
  assert.deepEqual(odd.map(([a, d]) => `${a.title}: ${d}`), [], `steps ${steps.join(',')}`);

  const cfn = await services.session.session.clients.cloudFormation('us-east-1');
  const stack = (await cfn.send(new DescribeStacksCommand({ StackName: STACK }))).Stacks?.[0];
  assert.equal(stack?.Tags?.find((t) => t.Key === TAG_KIND)?.Value, 'mde');
  assert.equal(stack?.Parameters?.find((p) => p.ParameterKey === 'AllowedCidr')?.ParameterValue, '127.0.0.7/32');
  // The fake's first zone offers no GPU type (DescribeInstanceTypeOfferings), so the next one is chosen.
  assert.equal(stack?.Parameters?.find((p) => p.ParameterKey === 'AvailabilityZone')?.ParameterValue, 'us-east-1b');
  const review = asked.at(-1)?.items ?? [];
  assert.ok(review.some((l) => /Availability Zone: us-east-1b, the first zone of us-east-1 that offers g4dn\.xlarge/.test(l)), review.join('\n'));
  await eventually('the progress panel of the new stack', async () =>
    vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === `Deploy: ${STACK}`),
  );
}
