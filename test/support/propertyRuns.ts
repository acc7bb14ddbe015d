/**
 * How many cases a property test generates: its own number, scaled by IMAGING_LAB_PROPERTY_SCALE
 * (default 1). `npm run mutation` sets 0.1: a property test then still runs (at least 10 cases) but
 * no longer sets the pace of every mutant it covers (1000 cases of the SSH config property took 27 s).
 */
export function propertyRuns(runs: number): number {
  const scale = Number(process.env.IMAGING_LAB_PROPERTY_SCALE ?? '1');
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`IMAGING_LAB_PROPERTY_SCALE must be a positive number, not ${JSON.stringify(process.env.IMAGING_LAB_PROPERTY_SCALE)}.`);
  return Math.max(10, Math.round(runs * scale));
}
