/** Lines added to `imaging-lab send --help`. */
export const DEIDENTIFY_USAGE = `
De-identified sending (PS3.15 Annex E Basic Application Level Confidentiality Profile):
  --deidentify         rewrite every instance before sending: identifying attributes removed,
                       emptied or replaced, UIDs replaced consistently, private attributes removed,
                       Patient Identity Removed = YES; pixel data copied unchanged (never decoded)
  --clean-descriptors  Clean Descriptors Option: keep descriptions with identifying values masked
  --retain-dates       Retain Longitudinal Temporal Information with Full Dates Option
  --include-burned-in  also send instances that may show identity in their pixels (Burned In
                       Annotation YES, or secondary capture/ultrasound without it); held back otherwise
  --dry-run DIR        write the de-identified copies to DIR instead of sending (no --url needed)
  --uid-map FILE       the project's UID and pseudonym map, kept locally, 0600
                       (default ~/.imaging-lab/deid/uid-map.json); never sent anywhere
`;
