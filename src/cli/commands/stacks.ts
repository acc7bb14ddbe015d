import { parseArgs } from 'node:util';
import { kindLabel } from '../../core/kinds/kinds';
import { loadInventory } from '../../core/stacks/inventory';
import { groupByKind } from '../../core/stacks/inventoryModel';
import { statusCategory } from '../../core/stacks/stackStatus';
import { formatAge } from '../../core/util/age';
import { formatTable } from '../../core/util/table';
import { AWS_OPTION_SPEC, sessionFromOptions } from '../awsOptions';
import { EXIT, type CliCommand } from '../cliCommand';
import { terminalJson } from '../../core/util/text';


export const stacksCommand: CliCommand = {
  async run(args, io) {
    const { values } = parseArgs({ args: [...args], options: { ...AWS_OPTION_SPEC, json: { type: 'boolean' } }, strict: true });
    const session = await sessionFromOptions(values.profile, values.region ?? [], io.env);
    try {
      const inventory = await loadInventory(session, io.signal);
      if (values.json) {
        io.out(`${terminalJson({ profile: session.profile ?? null, regions: session.regions, ...inventory })}\n`);
      } else {
        const rows = groupByKind(inventory.stacks).flatMap((group) =>
          group.stacks.map((s) => [kindLabel(group.kind), s.stackName, s.region, s.status, formatAge(new Date(s.updatedAt ?? s.createdAt))]),
        );
        if (rows.length > 0) io.out(formatTable(['KIND', 'STACK', 'REGION', 'STATUS', 'AGE'], rows));
        else if (inventory.failures.length === 0) io.out(`No stacks in ${session.regions.join(', ')}.\n`);
        for (const s of inventory.stacks) {
          if (s.statusReason && statusCategory(s.status) === 'failed') io.err(`${s.stackName} (${s.region}): ${s.statusReason}\n`);
        }
      }
      for (const f of inventory.failures) io.err(`${f.region}: ${f.error.message}\n`);
      return inventory.failures.length > 0 ? EXIT.failure : EXIT.ok;
    } finally {
      await session.clients.dispose();
    }
  },
};
