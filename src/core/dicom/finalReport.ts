import type { SettledInstance } from './reconcile';
import type { DicomInstanceFile } from './scanDicom';
import type { InstanceFate, InstanceOutcome, SendReport } from './sendTypes';

/** A settled instance, including those the user cancelled. */
export type Final = Omit<SettledInstance, 'fate'> & { readonly fate: InstanceFate };

/**
 * Gives every instance a fate: what the server said, or, for instances it never confirmed, why
 * not (the fatal problem that stopped the send, or the user's cancellation).
 */
export function finalReport(
  instances: readonly DicomInstanceFile[],
  settled: ReadonlyMap<string, Final & { attempts: number }>,
  attempts: ReadonlyMap<string, number>,
  fatal: string | undefined,
  rest: Omit<SendReport, 'instances' | 'bytesStored'>,
): SendReport {
  const outcomes: InstanceOutcome[] = instances.map((file) => {
    const s = settled.get(file.sopInstanceUid);
    const tries = attempts.get(file.sopInstanceUid) ?? 0;
    if (!s) {
      if (fatal) return { file, fate: 'failed', reason: `not sent: ${fatal}`, attempts: tries };
      return { file, fate: 'cancelled', reason: tries > 0 ? 'cancelled before the server confirmed it' : 'not sent: cancelled', attempts: tries };
    }
    return {
      file,
      fate: s.fate,
      attempts: s.attempts,
      ...(s.reason ? { reason: s.reason } : {}),
      ...(s.warning ? { warning: s.warning } : {}),
      ...(s.retrieveUrl ? { retrieveUrl: s.retrieveUrl } : {}),
    };
  });
  const bytesStored = outcomes.filter((o) => o.fate === 'stored').reduce((sum, o) => sum + o.file.size, 0);
  return { ...rest, instances: outcomes, bytesStored };
}
