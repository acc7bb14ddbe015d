/** How much of a file is read to decide (synthesized templates sort their keys: Resources can come late). */
export const TEMPLATE_SNIFF_BYTES = 64 * 1024;

const VERSION = /(^|[{\s,])"?AWSTemplateFormatVersion"?\s*:/m;
const RESOURCES = /(^|[{\s,])"?Resources"?\s*:/m;
const RESOURCE_TYPE = /"?Type"?\s*:\s*["']?(AWS|Custom|Alexa)::[A-Za-z0-9]+/;
const INTERFACE = /"?AWS::CloudFormation::Interface"?\s*:/;

/**
 * Whether text (the start of a JSON or YAML file) is a CloudFormation template: it names the
 * template format version or the console's parameter Interface, or has Resources with an AWS::/Custom:: type. Cheap and lenient: the
 * deploy command parses and validates the file properly; this only decides where to offer it.
 */
export function looksLikeCloudFormation(text: string): boolean {
  const head = text.slice(0, TEMPLATE_SNIFF_BYTES);
  return VERSION.test(head) || INTERFACE.test(head) || (RESOURCES.test(head) && RESOURCE_TYPE.test(head));
}
