import { KNOWN_REGIONS } from '../../../core/aws/regions';
import { validateStackName } from '../../../core/cfn/stackName';
import { choiceCostText } from '../../../core/kinds/choiceCost';
import { deployableKinds, kindRecord, type KindId } from '../../../core/kinds/kinds';
import { BACK, type PickOption } from '../prompter';
import type { WizardStep } from '../wizard';
import type { DeployWizardContext } from './deployContext';

type SourceChoice = KindId | 'file';

/** Kind (with typical time and an hourly cost hint) or "Template file…". */
export const sourceStep: WizardStep<DeployWizardContext> = {
  id: 'source',
  shouldPrompt: (c) => !c.presetSource,
  async prompt(c, prompter, info) {
    const items: PickOption<SourceChoice>[] = deployableKinds().map((e) => ({
      label: e.display.label,
      description: `~${e.typicalDeployMinutes} min · ~$${e.cost.usdPerHour.toFixed(2)}/h`,
      detail: e.description,
      value: e.id,
      ...(c.kind === e.id ? { picked: true } : {}),
    }));
    items.push({ label: '$(file-code) Template file…', detail: 'Any CloudFormation template (JSON or YAML) on this computer', value: 'file' });
    const choice = await prompter.pick(info, { placeholder: 'What do you want to deploy?', items });
    if (choice === undefined || choice === BACK) return choice;
    if (choice === 'file') {
      const loaded = await c.env.pickTemplateFile();
      if (!loaded) return 'stay';
      delete c.kind;
      c.template = loaded;
    } else {
      c.kind = choice;
      c.template = await c.env.deploy.loadKindTemplate(choice);
      c.stackName ??= `imaging-lab-${choice}`;
    }
    return 'next';
  },
};

export const regionStep: WizardStep<DeployWizardContext> = {
  id: 'region',
  shouldPrompt: (c) => !c.existing,
  async prompt(c, prompter, info) {
    const ordered = [...new Set([...(c.region ? [c.region] : []), ...c.env.regions, ...KNOWN_REGIONS])];
    const region = await prompter.pick(info, {
      placeholder: 'Region to deploy to',
      items: ordered.map((r) => ({ label: r, ...(c.env.regions.includes(r) ? { description: 'selected in Imaging Lab' } : {}), value: r, ...(r === (c.region ?? c.env.regions[0]) ? { picked: true } : {}) })),
    });
    if (region === undefined || region === BACK) return region;
    c.region = region;
    return 'next';
  },
};

export const stackNameStep: WizardStep<DeployWizardContext> = {
  id: 'stackName',
  shouldPrompt: (c) => !c.existing,
  async prompt(c, prompter, info) {
    const name = await prompter.input(info, {
      prompt: `Stack name in ${c.region ?? ''}: letters, digits and hyphens, starting with a letter`,
      value: c.stackName ?? '',
      validate: async (value) => {
        const problem = validateStackName(value);
        if (problem) return problem;
        const status = await c.env.stackStatus(c.region ?? '', value).catch(() => undefined);
        return status ? `A stack named ${value} already exists in ${c.region} (${status}). Choose another name, or use "Imaging Lab: Update Stack".` : undefined;
      },
    });
    if (name === undefined || name === BACK) return name;
    c.stackName = name;
    return 'next';
  },
};

/** Catalog facts for the review (kind deployments only); with switches, the total for the chosen `values`. */
export function kindCostLines(kind: KindId | undefined, values: Readonly<Record<string, string>> = {}): string[] {
  if (!kind) return [];
  const e = kindRecord(kind);
  // The note is whole, a sentence or clause per line: a quick-pick line is cut at the box's width.
  const note = e.cost.note.split(/(?<=\.)\s+|;\s+/).filter((s) => s !== '');
  const chosen = choiceCostText(e, values);
  if (chosen) return [`${e.display.label}: typically ~${e.typicalDeployMinutes} min to deploy`, chosen, ...note];
  return [`${e.display.label}: typically ~${e.typicalDeployMinutes} min to deploy, ~$${e.cost.usdPerHour.toFixed(2)}/h while running`, ...note];
}
