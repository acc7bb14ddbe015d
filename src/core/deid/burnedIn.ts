import { BURNED_IN_PRONE_SOP_CLASSES, sopClassName } from '../preview/sopClassNames';

/**
 * Why an instance is held back from a de-identified send, or undefined. The profile cleans
 * attributes only: text burned into the pixels survives, so such instances are not sent unless
 * the user includes them explicitly.
 */
export function burnedInReason(burnedInAnnotation: string | undefined, sopClassUid: string): string | undefined {
  const value = burnedInAnnotation?.trim().toUpperCase();
  if (value === 'YES') return 'Burned In Annotation (0028,0301) is YES: the pixels show text that may identify the patient';
  if (value === 'NO') return undefined;
  if (BURNED_IN_PRONE_SOP_CLASSES.has(sopClassUid)) {
    return `${sopClassName(sopClassUid)} without Burned In Annotation (0028,0301): such images often carry burned-in text`;
  }
  return undefined;
}
