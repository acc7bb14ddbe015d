import type { KindPrepareContext, KindPreparation } from '../kindTypes';
import { tatorCostLine, tatorSizingOf } from './tatorSizing';

/**
 * Tator's pre-deploy step: nothing to generate (the stack makes its own secrets and the installer
 * reads its files from the stack's metadata), but the review says what it costs at this size and
 * with GPU workers, and that the template must be staged in S3 (the consent is asked on Create).
 */
export async function prepareTator(context: KindPrepareContext): Promise<KindPreparation> {
  const { sizing, unknown } = tatorSizingOf(context.values);
  const notes = [`Cost: ${tatorCostLine(sizing)}. "Scale GPU Workers" changes the number later.`];
  if (unknown.length > 0) notes.push(`Cost estimated with the template's defaults for ${unknown.join(', ')} (values the price table does not know).`);
  // Records load at activation; the staging module brings the S3 client with it.
  const staging = (await import('../../deploy/templateStaging')).stagingNote(context.template.body);
  if (staging) notes.push(staging);
  return { notes };
}
