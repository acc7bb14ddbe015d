/**
 * DICOM UID grammar (PS3.5 §9.1): at most 64 characters, components of digits separated by single
 * dots, no leading zero in a component unless the component is exactly "0".
 */
const UID_PATTERN = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/;

export function isValidUid(value: string | undefined): value is string {
  return value !== undefined && value.length > 0 && value.length <= 64 && UID_PATTERN.test(value);
}

/** Why a UID is not acceptable, or undefined when it is. */
export function uidProblem(label: string, value: string | undefined): string | undefined {
  if (value === undefined || value === '') return `${label} is missing`;
  if (value.length > 64) return `${label} '${value}' is longer than 64 characters`;
  if (!UID_PATTERN.test(value)) return `${label} '${value}' is not a valid UID (digits and dots, no leading zeros)`;
  return undefined;
}
