import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minifiedBytes, newPlainApp, prettyJson, templateOf } from '../templates/cdk/common/plainApp';
import { TEMPLATE_BUILDERS, templatePath } from '../templates/cdk/kinds';
import type { KindId } from '../src/core/kinds/kinds';

/** CreateStack's limit for an inline TemplateBody; larger templates go through S3 staging. */
const TEMPLATE_BODY_LIMIT = 51_200;

/** Synthesizes every kind's CDK app to templates/<kind>.template.json (deterministic, plain CloudFormation). */
export function synthKind(kind: KindId): Record<string, unknown> {
  const build = TEMPLATE_BUILDERS[kind];
  if (!build) throw new Error(`No CDK source for kind '${kind}'.`);
  return templateOf(build(newPlainApp()));
}

function main(): void {
  const root = join(__dirname, '..');
  for (const kind of Object.keys(TEMPLATE_BUILDERS) as KindId[]) {
    const template = synthKind(kind);
    const file = templatePath(kind);
    writeFileSync(join(root, file), prettyJson(template));
    const size = minifiedBytes(template);
    const fit = size <= TEMPLATE_BODY_LIMIT ? 'fits TemplateBody' : 'NEEDS S3 staging';
    console.log(`${file}: ${size} bytes minified (${fit}, limit ${TEMPLATE_BODY_LIMIT})`);
  }
}

if (require.main === module) main();
