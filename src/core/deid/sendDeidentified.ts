import type { DicomWebEndpoint } from '../dicom/endpoint';
import { scanDicom, type SkippedFile } from '../dicom/scanDicom';
import { sendInstances } from '../dicom/sendInstances';
import type { SendProgress, SendReport, SendTuning } from '../dicom/sendTypes';
import { DeidSession, type DeidentifiedInstance, type HeldBackInstance } from './deidSession';
import { describeOptions } from './deidAttributes';
import { writeDeidentifiedCopies, type WrittenCopy } from './dryRun';
import type { DeidOptions } from './profileActions';
import { ProjectMap } from './projectMap';

export interface DeidSendOptions {
  readonly deid: DeidOptions;
  /** The project's UID/pseudonym map file (created 0600 when missing). */
  readonly mapPath: string;
  /** The map's folder is the extension's own storage: make it private (0700). */
  readonly privateMapFolder?: boolean;
  readonly includeBurnedIn?: boolean;
  /** Set: write the de-identified copies here instead of sending. */
  readonly dryRunDir?: string;
  /** Required unless dryRunDir is set. */
  readonly endpoint?: DicomWebEndpoint;
  readonly tuning?: Partial<SendTuning>;
  readonly signal?: AbortSignal;
  readonly onPhase?: (phase: 'scanning' | 'de-identifying' | 'sending' | 'writing', done: number, total: number) => void;
  readonly onProgress?: (progress: SendProgress) => void;
  readonly log?: (line: string) => void;
}

export interface DeidSendResult {
  readonly options: DeidOptions;
  /** What was applied to every instance sent or written, in words. */
  readonly method: string;
  readonly instances: readonly DeidentifiedInstance[];
  readonly heldBack: readonly HeldBackInstance[];
  /** Not valid DICOM, or could not be rewritten. */
  readonly skipped: readonly SkippedFile[];
  /** The STOW-RS report (absent for a dry run). */
  readonly report?: SendReport;
  /** The copies written (dry run only). */
  readonly written?: readonly WrittenCopy[];
}

/**
 * The de-identified send use case: validate like a plain send, rewrite every instance following
 * PS3.15 Annex E (pixel data copied through), hold back burned-in candidates, then stream the
 * rewritten instances through the same STOW-RS client — or write them to a folder (dry run).
 * The project map is saved even when the send fails, so UIDs already handed out stay stable.
 */
export async function sendDeidentified(inputs: readonly string[], options: DeidSendOptions): Promise<DeidSendResult> {
  if (!options.dryRunDir && !options.endpoint) throw new Error('a de-identified send needs an endpoint or a dry-run folder');
  const { signal } = options;
  const scan = await scanDicom(inputs, { ...(signal ? { signal } : {}), onProgress: (d, t) => options.onPhase?.('scanning', d, t) });
  const map = await ProjectMap.load(options.mapPath);
  const session = await DeidSession.start(options.deid, map);
  try {
    const plan = await session.plan(
      scan.instances.map((i) => i.path),
      { includeBurnedIn: options.includeBurnedIn === true, ...(signal ? { signal } : {}), onProgress: (d, t) => options.onPhase?.('de-identifying', d, t) },
    );
    const method = describeOptions(options.deid);
    options.log?.(`${plan.instances.length} instance(s) de-identified (${method}); ${plan.heldBack.length} held back; ${plan.failed.length} could not be rewritten`);
    const held: SkippedFile[] = plan.heldBack.map((h) => ({ path: h.path, reason: `held back: ${h.reason} (include burned-in instances explicitly to send it)` }));
    const skipped = [...scan.skipped, ...plan.failed, ...held];
    const base = { options: options.deid, method, instances: plan.instances, heldBack: plan.heldBack, skipped };
    if (options.dryRunDir) {
      options.onPhase?.('writing', 0, plan.instances.length);
      const written = await writeDeidentifiedCopies(plan.instances, options.dryRunDir, signal);
      return { ...base, written };
    }
    options.onPhase?.('sending', 0, plan.instances.length);
    const report = await sendInstances(plan.instances, skipped, {
      endpoint: options.endpoint as DicomWebEndpoint,
      ...(options.tuning ? { tuning: options.tuning } : {}),
      ...(signal ? { signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
    return { ...base, report };
  } finally {
    if (map.dirty) await map.save(options.mapPath, { privateFolder: options.privateMapFolder === true });
    await session.close();
  }
}
