/**
 * Attributes beyond Table E.1-1 that this product also treats, in the table's format. The
 * profile keeps dates it does not list; these are dates and times that usually equal the study's
 * (so they would leak it) and are Type 3 wherever they appear, so removing them keeps every IOD
 * conformant. The Retain Longitudinal Temporal Information option keeps them, like the table's dates.
 */
export const EXTENSION_TABLE_TEXT = `
  00080012 DA X      k InstanceCreationDate
  00080013 TM X      k InstanceCreationTime
  00181012 DA X      k DateOfSecondaryCapture
  00181014 TM X      k TimeOfSecondaryCapture
  00181200 DA X      k DateOfLastCalibration
  00181201 TM X      k TimeOfLastCalibration
`;
