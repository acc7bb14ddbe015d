export interface MutationScoreRow {
  readonly folder: string;
  readonly mutants: number;
  readonly killed: number;
  readonly survived: number;
  readonly noCoverage: number;
  readonly other: number;
  /** Percent killed of the scored mutants; undefined when none was scored. */
  readonly score: number | undefined;
}
export interface MutationScores {
  readonly folders: MutationScoreRow[];
  readonly total: MutationScoreRow;
}
export function mutationScores(report: { files?: Record<string, { mutants?: { status: string }[] }> }): MutationScores;
export function scoreTable(scores: MutationScores): string;
