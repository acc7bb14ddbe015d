import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parameterList } from '../../../src/core/cfn/parameterModel';
import { parseTemplate } from '../../../src/core/cfn/parseTemplate';
import type { LoadedTemplate } from '../../../src/core/cfn/templateTypes';
import type { DeployEnvironment } from '../../../src/core/deploy/deployEnvironment';
import { providerFor } from '../../../src/core/deploy/parameterProviders';
import type { DeployWizardEnvironment } from '../../../src/vscode/wizards/deploy/deployContext';
import { runDeployWizard, runUpdateWizard } from '../../../src/vscode/wizards/deploy/deployWizard';
import { BACK, type PickOption } from '../../../src/vscode/wizards/prompter';
import { ACCEPT, ScriptedPrompter } from './scriptedPrompter';
import { fakeDeployEnvironment, fakeZones } from '../deploy/fakeDeployEnvironment';

const ROOT = join(__dirname, '..', '..', '..');
const STRONG = 'Sup3r-Secret!x';
/** MDE's Costs group, its defaults taken: idle stop mode, threshold, minutes, budget e-mail, amount. */
const COSTS = [ACCEPT, ACCEPT, ACCEPT, ACCEPT, ACCEPT];

function env(over: Partial<DeployEnvironment> = {}): DeployWizardEnvironment {
  return {
    regions: ['eu-west-1'],
    deploy: fakeDeployEnvironment(over),
    pickTemplateFile: async () => undefined,
    stackStatus: async (_r, name) => (name === 'taken' ? 'CREATE_COMPLETE' : undefined),
  };
}

const existing = { values: { Size: 'm' }, tags: {}, templateChanged: false };

/** The plan of a confirmed wizard run. */
async function planOf(...args: Parameters<typeof runDeployWizard>) {
  return (await runDeployWizard(...args))?.plan;
}

/** Fills empty inputs: passwords get a strong value, everything else a plausible one. Optional inputs (constraint ending "or empty.") are left empty; required ones get a value their pattern takes. */
const fallback = (text: string) =>
  /password|secret/i.test(text)
    ? STRONG
    : /between|number/i.test(text)
      ? '2'
      : /Availability Zone|ARN or empty|or empty\.\)$|e-mail/.test(text)
        ? ''
        : /SHA-256/.test(text)
          ? 'a'.repeat(64)
          : /must be an S3 bucket name/.test(text)
            ? 'staging-bucket'
            : 'x1';

const HOSTILE = parseTemplate(
  JSON.stringify({
    Metadata: {
      'AWS::CloudFormation::Interface': { ParameterGroups: [{ Label: { default: '<script>alert(1)</script>' }, Parameters: ['Evil'] }] },
      'ImagingLab::ParameterHints': { Cidr: { Provider: 'CallerCidr' }, Missing: { Provider: 'CallerCidr' }, Count: { Provider: 'Nonsense' } },
    },
    Parameters: {
      Evil: { Type: 'String', Description: '<img src=x onerror=alert(1)>', Default: '"><svg onload=alert(1)>' },
      BadRegex: { Type: 'String', AllowedPattern: '([a-z', Default: 'abc' },
      Huge: { Type: 'String', AllowedValues: Array.from({ length: 500 }, (_, i) => `v${i}`), Default: 'v499' },
      Key: { Type: 'AWS::EC2::KeyPair::KeyName' },
      Vpc: { Type: 'AWS::EC2::VPC::Id' },
      Cidr: { Type: 'String', Description: 'Source CIDR for SSH' },
      Named: { Type: 'String', Description: 'Allowed IP range (CIDR); no hint and no pattern, so nothing is filled by its name' },
      Count: { Type: 'Number', MinValue: 1, MaxValue: 3, ConstraintDescription: 'between one and three' },
    },
    Resources: { T: { Type: 'AWS::SNS::Topic' } },
  }),
  'hostile.json',
);

describe('deploy wizard', () => {
  for (const file of readdirSync(join(ROOT, 'templates')).filter((f) => f.endsWith('.template.json'))) {
    it(`is generated from the bundled ${file}: every parameter asked in Interface order, then the review`, async () => {
      const loaded = parseTemplate(readFileSync(join(ROOT, 'templates', file), 'utf8'), file);
      const prompter = new ScriptedPrompter([], fallback);
      const plan = await planOf(env(), prompter, { version: '0.1.0', userTags: { team: 'rad' }, template: loaded });
      assert.ok(plan, 'the review was confirmed');
      const params = parameterList(loaded.template);
      const asked = prompter.asked.filter((a) => a.title.includes(' · ') && !a.title.endsWith('(again)')).map((a) => a.title.split(' · ').at(-1));
      assert.deepEqual(asked, params.map((p) => p.label));
      for (const p of params) assert.ok(plan.parameters[p.key] !== undefined, `${p.key} has a value`);
      const secret = params.find((p) => p.noEcho);
      if (secret) {
        assert.equal(prompter.asked.filter((a) => a.password).length, 2, 'NoEcho asked twice as a password');
        assert.equal(plan.parameters[secret.key], STRONG);
      }
      if (params.some((p) => p.key === 'AvailabilityZone')) {
        const type = plan.parameters.InstanceType ?? '';
        assert.equal(plan.parameters.AvailabilityZone, 'eu-west-1b', 'left empty, the zone is filled with the first that offers the type');
        assert.ok(prompter.asked.at(-1)?.labels.includes('$(info) Availability Zone: eu-west-1b'), 'the filled zone is in the review');
        assert.ok(prompter.asked.at(-1)?.labels.includes(`$(pass) Availability Zone: eu-west-1b, the first zone of eu-west-1 that offers ${type}`));
      }
      const cidr = params.find((p) => providerFor(p, loaded.template)?.fill && p.defaultValue === undefined);
      if (cidr) assert.equal(plan.parameters[cidr.key], '127.0.0.23/32');
      assert.equal(prompter.asked.at(-1)?.text, 'Review, then create');
      assert.ok(prompter.asked.every((a, i) => a.canGoBack === i > 0), 'Back on every step after the first');
    });
  }

  it('offers the kinds with time and cost, then region, name and the kind template', async () => {
    const prompter = new ScriptedPrompter(['MONAI Deploy Express', 'eu-west-1', 'taken', 'mde-one'], fallback);
    const plan = await planOf(env(), prompter, { version: '0.1.0', userTags: {} });
    assert.equal(plan?.kind, 'mde');
    assert.equal(plan?.stackName, 'mde-one');
    assert.equal(plan?.region, 'eu-west-1');
    assert.match(prompter.asked[0]?.labels.join('|') ?? '', /MONAI Deploy Express\|.*Template file…/);
    const nameStep = prompter.asked.find((a) => a.text.startsWith('Stack name'));
    assert.match(nameStep?.rejected[0] ?? '', /already exists in eu-west-1 \(CREATE_COMPLETE\)/);
    assert.ok(plan?.tags.some((t) => t.Key === 'imaging-lab:kind' && t.Value === 'mde'));
  });

  it('says when the caller address look-up failed, and completes a bare address to its /32', async () => {
    const e = env({ publicIp: async () => Promise.reject(new Error('checkip.amazonaws.com: offline')) });
    const typed = (text: string) => (/could not fill this in/.test(text) ? '127.0.0.9' : fallback(text));
    const prompter = new ScriptedPrompter(['MONAI Deploy Express', 'eu-west-1', 'mde-cidr'], typed);
    const plan = await planOf(e, prompter, { version: '0.1.0', userTags: {} });
    const cidr = prompter.asked.find((a) => /could not fill this in/.test(a.text));
    assert.ok(cidr, prompter.asked.map((a) => a.text).join('\n'));
    assert.match(cidr.text, /\(checkip\.amazonaws\.com: offline\)\. Type it; an IPv4 address alone becomes its \/32\./);
    assert.deepEqual(cidr.rejected, [], 'the bare address is accepted');
    assert.equal(plan?.parameters.AllowedCidr, '127.0.0.9/32');
  });

  it('offers booleans as Yes/No, instance types with their hourly price, help in an item detail', async () => {
    const prompter = new ScriptedPrompter(['MONAI Deploy Express', 'eu-west-1', 'mde-labels'], fallback);
    await planOf(env(), prompter, { version: '0.1.0', userTags: {} });
    const type = prompter.asked.find((a) => / instance type$/i.test(a.title));
    assert.ok(type, prompter.asked.map((a) => a.title).join('\n'));
    assert.ok(type.descriptions?.some((d) => /^~\$0\.526\/h on demand \(us-east-1\)/.test(d ?? '')), JSON.stringify(type.descriptions));
    assert.equal(type.text, 'Choose GPU instance type', 'a short placeholder, not cut off');
    assert.ok(type.details?.some((d) => /GPU/.test(d ?? '')), `the help in the highlighted item's detail: ${JSON.stringify(type.details)}`);
    const logging = prompter.asked.find((a) => /Logging dashboard/.test(a.title));
    assert.deepEqual(logging?.labels, ['No', 'Yes'], 'the template\'s false/true');
  });

  it('research lab: each switch shows the hourly total with each choice, the review the total for the switches chosen (from the record\'s cost lines)', async () => {
    const on = (label: string) => (items: readonly PickOption<string>[]) => items.find((i) => i.label === label)!.value;
    // Kind, region, name; Task 1 defaults; FileGator on, its type, NAT on, Client VPN off; the Costs group's defaults.
    const prompter = new ScriptedPrompter(['Research lab', 'eu-west-1', 'lab-costs', ACCEPT, ACCEPT, ACCEPT, ACCEPT, on('Yes'), ACCEPT, on('Yes'), on('No'), ...COSTS], fallback);
    const plan = await planOf(env(), prompter, { version: '0.1.0', userTags: {} });
    assert.deepEqual([plan?.parameters.EnableFileGator, plan?.parameters.EnableNatGateway, plan?.parameters.EnableClientVpn], ['true', 'true', 'false']);
    const perChoice = (title: RegExp) => {
      const q = prompter.asked.find((a) => title.test(a.title));
      return Object.fromEntries((q?.labels ?? []).map((l, i) => [l, (q?.details?.[i] ?? '').split(' · ')[0]]));
    };
    assert.deepEqual(perChoice(/· Client VPN endpoint$/), { Yes: '≈$0.271/h in all with this choice', No: '≈$0.121/h in all with this choice' });
    assert.deepEqual(perChoice(/· FileGator in a private subnet$/), { Yes: '≈$0.121/h in all with this choice', No: '≈$0.049/h in all with this choice' }, 'FileGator brings its NAT gateway (default on)');
    assert.ok(Object.values(perChoice(/· Jupyter instance type$/)).every((d) => !(d ?? '').includes('≈')), 'a parameter the estimate does not price shows no total');
    const review = prompter.asked.at(-1)?.labels ?? [];
    assert.ok(review.includes('$(info) ≈$0.121/h while running with these choices: Task 1 $0.049 + FileGator $0.022 + NAT gateway $0.050 (estimate)'), review.join('\n'));
    assert.ok(review.some((l) => /over CloudFormation's 51,200-byte limit/.test(l)), 'the review says the template is staged');
  });

  it('shows a step count that never jumps: none until the kind decides the steps, then one total', async () => {
    const prompter = new ScriptedPrompter(['MONAI Deploy Express', 'eu-west-1', 'mde-steps'], fallback);
    await planOf(env(), prompter, { version: '0.1.0', userTags: {} });
    assert.equal(prompter.asked[0]?.totalSteps, undefined, 'the kind question: its answer decides how many steps follow');
    const totals = new Set(prompter.asked.slice(1).map((a) => a.totalSteps));
    assert.deepEqual([...totals], [prompter.asked.at(-1)?.step], `one total, reached by the review: ${prompter.asked.map((a) => `${a.step}/${a.totalSteps}`).join(' ')}`);
  });

  it('goes back a step and keeps earlier answers', async () => {
    const prompter = new ScriptedPrompter(['MONAI Deploy Express', 'eu-west-1', BACK, 'us-west-2', 'lab-a'], fallback);
    const plan = await planOf(env(), prompter, { version: '0.1.0', userTags: {} });
    assert.equal(plan?.region, 'us-west-2');
    assert.deepEqual(prompter.asked.slice(0, 4).map((a) => [a.text.slice(0, 10), a.step]), [
      ['What do yo', 1], ['Region to ', 2], ['Stack name', 3], ['Region to ', 2],
    ]);
  });

  it('creates nothing when cancelled on any step, including the review', async () => {
    assert.equal(await runDeployWizard(env(), new ScriptedPrompter(['MONAI Deploy Express', 'eu-west-1', undefined]), { version: '0', userTags: {} }), undefined);
    const prompter = new ScriptedPrompter([], fallback);
    const count = { n: 0 };
    const cancelAtReview = new Proxy(prompter, {
      get: (t, k) => (k === 'pick' ? async (info: never, o: { placeholder: string }) => (o.placeholder === 'Review, then create' ? (count.n++, undefined) : t.pick(info, o as never)) : Reflect.get(t, k)),
    });
    assert.equal(await runDeployWizard(env(), cancelAtReview, { version: '0', userTags: {}, template: HOSTILE }), undefined);
    assert.equal(count.n, 1);
  });

  it('handles a hostile custom template: validates inline, offers account values and the caller /32', async () => {
    const answers = ['eu-west-1', 'hostile-1', ACCEPT, 'abc', 'v499', 'lab-key', 'vpc-0aa', ACCEPT, ACCEPT, '9', '2'];
    const prompter = new ScriptedPrompter(answers, fallback);
    const plan = await planOf(env(), prompter, { version: '0', userTags: {}, template: HOSTILE });
    const byTitle = (end: string) => prompter.asked.find((a) => a.title.endsWith(end));
    assert.match(byTitle('<script>alert(1)</script> · Evil')?.title ?? '', /Deploy · <script>/, 'labels are data; the webview/quick pick render them as text');
    assert.deepEqual(byTitle('BadRegex')?.rejected, [], 'a pattern JavaScript cannot compile is left to CloudFormation');
    assert.equal(byTitle('Huge')?.labels.length, 500);
    assert.deepEqual(byTitle('Key')?.labels, ['lab-key', '$(edit) Enter a value…']);
    assert.equal(byTitle('Cidr')?.value, '127.0.0.23/32', 'the template hint makes it the caller /32');
    assert.equal(byTitle('Named')?.value, '', 'a name or description that says CIDR is not a hint');
    assert.deepEqual(byTitle('Count')?.rejected, ['Count: between one and three']);
    assert.equal(plan?.parameters.Evil, '"><svg onload=alert(1)>');
    assert.equal(plan?.parameters.Count, '2');
    assert.match(prompter.asked.at(-1)?.labels[0] ?? '', /Create stack hostile-1/);
  });

  it('MDE: a zone that does not offer the GPU type blocks the review, names the zones that do; going back and fixing it creates', async () => {
    const calls: string[][] = [];
    const e = env({ zonesOffering: async (r, t) => (calls.push([r, t]), fakeZones(r, t)) });
    const reviews: string[] = [];
    const review = (value: string) => (items: readonly { label: string; detail?: string; value: unknown }[]) => {
      reviews.push(items.map((i) => `${i.label} ${i.detail ?? ''}`).join('\n'));
      return value;
    };
    // kind, region, name, version, type, zone (typed), ELK, CIDR, password x2, costs x5, review (blocked: Back x9 to the zone), zone again, ..., create
    const back = COSTS.map(() => BACK);
    const answers = ['MONAI Deploy Express', 'eu-west-1', 'mde-z', ACCEPT, 'g5.xlarge', '$(edit) Enter a value…', 'eu-west-1a', ACCEPT, ACCEPT, ACCEPT, ACCEPT, ...COSTS, review('info'), ...back, BACK, BACK, BACK, BACK, 'eu-west-1c'];
    const plan = await planOf(e, new ScriptedPrompter([...answers, ACCEPT, ACCEPT, ACCEPT, ACCEPT, ...COSTS, review('create')], fallback), { version: '0', userTags: {} });
    assert.match(reviews[0] ?? '', /\$\(error\) Cannot create yet .*eu-west-1a does not offer g5\.xlarge\. Zones of eu-west-1 that do: eu-west-1b, eu-west-1c\./);
    assert.doesNotMatch(reviews[0] ?? '', /Create stack/);
    assert.equal(reviews.length, 2);
    assert.match(reviews[1] ?? '', /Create stack mde-z[\s\S]*Availability Zone: eu-west-1c offers g5\.xlarge[\s\S]*\$\(info\) Availability Zone: eu-west-1c/);
    assert.equal(plan?.parameters.AvailabilityZone, 'eu-west-1c');
    assert.deepEqual(calls, [['eu-west-1', 'g5.xlarge'], ['eu-west-1', 'g5.xlarge'], ['eu-west-1', 'g5.xlarge'], ['eu-west-1', 'g5.xlarge']], 'the zone steps and the reviews; the blocked review shown twice checked once');
  });

  it('MDE: a type offered nowhere, or a failed check, blocks the review; a failed check is retried; a denied check only warns', async () => {
    let failures = 2; // the zone step's listing and the first review
    const e = env({
      zonesOffering: async (r, t) => {
        if (failures-- > 0) throw Object.assign(new Error('getaddrinfo ENOTFOUND ec2.eu-west-1.amazonaws.com'), { code: 'ENOTFOUND', $metadata: {} });
        return fakeZones(r, t);
      },
    });
    const reviews: string[] = [];
    const review = (value: string) => (items: readonly { label: string; detail?: string; value: unknown }[]) => (reviews.push(items.map((i) => `${i.label} ${i.detail ?? ''}`).join('\n')), value);
    const none = await runDeployWizard(e, new ScriptedPrompter(['MONAI Deploy Express', 'eu-west-1', 'mde-n', ACCEPT, 'g6e.xlarge', ACCEPT, ACCEPT, ACCEPT, ACCEPT, ACCEPT, ...COSTS, review('info'), review('info'), undefined], fallback), { version: '0', userTags: {} });
    assert.equal(none, undefined);
    assert.match(reviews[0] ?? '', /Cannot create yet .*Could not check which zones offer g6e\.xlarge: Cannot reach AWS in eu-west-1 \(ENOTFOUND\).* Choose this line to try again\./);
    assert.match(reviews[1] ?? '', /Cannot create yet .*eu-west-1 offers g6e\.xlarge in no Availability Zone\. Pick another instance type or another region\./);

    const denied = Object.assign(new Error('User is not authorized to perform: ec2:DescribeInstanceTypeOfferings'), { name: 'UnauthorizedOperation', $metadata: { httpStatusCode: 403 } });
    reviews.length = 0;
    const plan = await planOf(env({ zonesOffering: async () => Promise.reject(denied) }), new ScriptedPrompter(['MONAI Deploy Express', 'eu-west-1', 'mde-d', ACCEPT, ACCEPT, ACCEPT, ACCEPT, ACCEPT, ACCEPT, ACCEPT, ...COSTS, review('create')], fallback), { version: '0', userTags: {} });
    assert.equal(plan?.parameters.AvailabilityZone, '', 'the template then uses its first zone');
    assert.match(reviews[0] ?? '', /Create stack mde-d[\s\S]*\$\(warning\) Availability Zone: could not check .*ec2:DescribeInstanceTypeOfferings/);
  });

  it('checks no zone for templates without a zone hint, whatever their parameters are called', async () => {
    let asked = 0;
    const t = parseTemplate('{"Parameters":{"InstanceType":{"Type":"String","Default":"t3.micro"},"AvailabilityZone":{"Type":"String","Default":""}},"Resources":{"T":{"Type":"AWS::SNS::Topic"}}}', 't.json');
    const plan = await planOf(env({ zonesOffering: async (r, ty) => (asked++, fakeZones(r, ty)) }), new ScriptedPrompter(['eu-west-1', 'n3', ACCEPT, '', 'create']), { version: '0', userTags: {}, template: t });
    assert.deepEqual(plan?.parameters, { InstanceType: 't3.micro', AvailabilityZone: '' });
    assert.equal(asked, 0);
  });

  it('MDE: the zone step lists the zones that offer the chosen type, "any of them" first', async () => {
    const listed: string[][] = [];
    const e = env({ zonesOffering: async (r, t) => (listed.push([r, t]), t.startsWith('g6e') ? [] : [`${r}b`, `${r}c`]) });
    const pick = (label: RegExp) => (items: readonly { label: string; value: unknown }[]) => items.find((i) => label.test(i.label))?.value;
    const prompter = new ScriptedPrompter(['MONAI Deploy Express', 'eu-west-1', 'mde-p', ACCEPT, 'g5.xlarge', pick(/^eu-west-1c$/), ACCEPT, ACCEPT, ACCEPT, ACCEPT, ...COSTS, 'create'], fallback);
    const plan = await planOf(e, prompter, { version: '0', userTags: {} });
    const zoneStep = prompter.asked.find((a) => /Availability Zone/.test(a.title));
    assert.equal(zoneStep?.kind, 'pick');
    assert.deepEqual(zoneStep?.labels, ['$(check) Any zone that offers g5.xlarge', 'eu-west-1b', 'eu-west-1c', '$(edit) Enter a value…']);
    assert.deepEqual(listed, [['eu-west-1', 'g5.xlarge'], ['eu-west-1', 'g5.xlarge']], 'listed by the zone step, checked by the review (the real environment answers both with one EC2 call)');
    assert.equal(plan?.parameters.AvailabilityZone, 'eu-west-1c');

    // A type offered nowhere: nothing to list, so the zone is typed (and the review explains).
    const typed = new ScriptedPrompter(['MONAI Deploy Express', 'eu-west-1', 'mde-q', ACCEPT, 'g6e.xlarge', '', undefined], fallback);
    assert.equal(await runDeployWizard(e, typed, { version: '0', userTags: {} }), undefined, 'cancelled right after the zone step');
    assert.equal(typed.asked.find((a) => /Availability Zone/.test(a.title))?.kind, 'input');
  });

  it('asks a NoEcho value again when the confirmation differs', async () => {
    const t = parseTemplate('{"Parameters":{"Pw":{"Type":"String","NoEcho":true,"MinLength":4}},"Resources":{"T":{"Type":"AWS::SNS::Topic"}}}', 't.json');
    const prompter = new ScriptedPrompter(['eu-west-1', 'n1', 'abc', 'abcd', 'abcX', 'abcd', 'create']);
    const plan = await planOf(env(), prompter, { version: '0', userTags: {}, template: t });
    assert.equal(plan?.parameters.Pw, 'abcd');
    assert.deepEqual(prompter.asked.filter((a) => a.password).map((a) => a.rejected), [['Pw: must have at least 4 characters.'], ['The two entries differ.']]);
  });

  it('lets the review change the failure mode and protection before creating', async () => {
    const t = parseTemplate('{"Resources":{"T":{"Type":"AWS::SNS::Topic"}}}', 't.json');
    const prompter = new ScriptedPrompter(['eu-west-1', 'n2', 'onFailure', 'protect', 'create']);
    const plan = await planOf(env(), prompter, { version: '0', userTags: {}, template: t });
    assert.equal(plan?.onFailure, 'DO_NOTHING');
    assert.equal(plan?.terminationProtection, true);
  });

  it('update: current values offered, NoEcho kept unless re-entered', async () => {
    const loaded: LoadedTemplate = parseTemplate(
      '{"Parameters":{"Size":{"Type":"String","AllowedValues":["s","m","l"]},"Pw":{"Type":"String","NoEcho":true}},"Resources":{"T":{"Type":"AWS::SNS::Topic"}}}',
      't.json',
    );
    const prompter = new ScriptedPrompter(['l']);
    const choice = await runUpdateWizard(env(), prompter, { version: '0', region: 'eu-west-1', stackName: 'lab', template: loaded, values: { Size: 'm' }, currentParameters: ['Size', 'Pw'], existing });
    assert.deepEqual([choice?.request.values, choice?.request.keepPrevious], [{ Size: 'l' }, ['Pw']]);
    assert.deepEqual(choice?.plan.parameters, { Size: 'l' });
    assert.equal(prompter.asked.at(-1)?.labels[0], '$(diff) Prepare change set', 'the review ends in a change set, which changes nothing yet');
    assert.equal(prompter.asked[0]?.labels.length, 3);
  });

  it('update to a template with a new NoEcho parameter: asks for its value, there is none to keep', async () => {
    const loaded: LoadedTemplate = parseTemplate(
      '{"Parameters":{"Size":{"Type":"String","AllowedValues":["s","m","l"]},"Token":{"Type":"String","NoEcho":true}},"Resources":{"T":{"Type":"AWS::SNS::Topic"}}}',
      't.json',
    );
    const prompter = new ScriptedPrompter(['m', 'Secret-Token-1', 'Secret-Token-1']);
    const choice = await runUpdateWizard(env(), prompter, { version: '0', region: 'eu-west-1', stackName: 'lab', template: loaded, values: { Size: 'm' }, currentParameters: ['Size'], existing });
    assert.deepEqual([choice?.request.values, choice?.request.keepPrevious], [{ Size: 'm', Token: 'Secret-Token-1' }, []]);
    assert.deepEqual(prompter.asked.filter((a) => a.kind === 'input').map((a) => a.password), [true, true], 'entered twice, hidden');
    assert.ok(!prompter.asked.some((a) => a.labels.includes('Keep the current value')));
  });
});
