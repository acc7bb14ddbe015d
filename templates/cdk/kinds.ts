import type { App, Stack } from 'aws-cdk-lib';
import type { KindId } from '../../src/core/kinds/kinds';
import { LabStack } from './lab/labStack';
import { MdeStack } from './mde/mdeStack';
import { StowrsStack } from './stowrs/stowrsStack';
import { TatorStack } from './tator/tatorStack';
import { OrthancStack } from './orthanc/orthancStack';

/** Kinds whose template is built from CDK sources here, and the stack that builds each. */
export const TEMPLATE_BUILDERS: Partial<Record<KindId, (app: App) => Stack>> = {
  mde: (app) => new MdeStack(app, 'ImagingLabMde'),
  lab: (app) => new LabStack(app, 'ImagingLabLab'),
  stowrs: (app) => new StowrsStack(app, 'ImagingLabStowrs'),
  tator: (app) => new TatorStack(app, 'ImagingLabTator'),
  orthanc: (app) => new OrthancStack(app, 'ImagingLabOrthanc'),
};

export function templatePath(kind: KindId): string {
  return `templates/${kind}.template.json`;
}
