import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { burnedInReason } from './burnedIn';
import { rewriteInstance, type InstanceFacts, type RewriteEnvironment, type RewrittenInstance } from './deidentifyInstance';
import type { DeidOptions } from './profileActions';
import type { ProjectMap } from './projectMap';
import type { DicomInstanceFile } from '../dicom/scanDicom';

/** Error code of a stream whose source changed between planning and sending (same as multipart.ts). */
const FILE_CHANGED = 'EFILECHANGED';
/** Rewritten headers kept in memory between planning and sending, at most (the rest are rewritten again). */
const CACHE_BUDGET_BYTES = 32 * 1024 * 1024;
const PLAN_CONCURRENCY = 8;

/**
 * One instance ready to send de-identified: what the STOW-RS client sends, where `path` is the
 * source file, `size` the rewritten size and the UIDs the replacements; `open()` streams the
 * rewritten bytes: new header, the source's pixel data copied through byte for byte, new trailer.
 */
export interface DeidentifiedInstance extends DicomInstanceFile {
  readonly original: InstanceFacts['original'];
  open(): AsyncIterable<Buffer>;
}

export interface HeldBackInstance {
  readonly path: string;
  readonly reason: string;
}

export interface DeidPlan {
  readonly instances: DeidentifiedInstance[];
  /** Instances with (possibly) burned-in identity, not sent unless included explicitly. */
  readonly heldBack: HeldBackInstance[];
  /** Files that could not be rewritten, with the reason. */
  readonly failed: HeldBackInstance[];
}

export interface PlanOptions {
  readonly includeBurnedIn?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
}

/** A de-identification run: the options, the project map and a private scratch folder. */
export class DeidSession {
  private cached = 0;

  private constructor(private readonly env: RewriteEnvironment) {}

  static async start(options: DeidOptions, map: ProjectMap): Promise<DeidSession> {
    const tempDir = await mkdtemp(join(tmpdir(), 'imaging-lab-deid-'));
    return new DeidSession({ options, map, tempDir, inflated: new Map() });
  }

  get options(): DeidOptions {
    return this.env.options;
  }

  /** Rewrites each file once to learn its new UIDs and size, and applies the burned-in hold-back rule. */
  async plan(paths: readonly string[], options: PlanOptions = {}): Promise<DeidPlan> {
    const outcomes = new Array<{ instance?: DeidentifiedInstance; held?: HeldBackInstance; failed?: HeldBackInstance }>(paths.length);
    let next = 0;
    let done = 0;
    // A few files at a time: small files are latency bound (open, read, close).
    const worker = async () => {
      while (next < paths.length) {
        options.signal?.throwIfAborted();
        const index = next++;
        const path = paths[index] as string;
        try {
          const rewritten = await rewriteInstance(path, this.env);
          const reason = burnedInReason(rewritten.facts.burnedInAnnotation, rewritten.facts.sopClassUid);
          outcomes[index] = reason && !options.includeBurnedIn ? { held: { path, reason } } : { instance: this.instance(path, rewritten) };
        } catch (error) {
          outcomes[index] = { failed: { path, reason: `cannot de-identify: ${(error as Error).message}` } };
        }
        options.onProgress?.(++done, paths.length);
      }
    };
    await Promise.all(Array.from({ length: Math.min(PLAN_CONCURRENCY, paths.length) }, worker));
    const plan: DeidPlan = { instances: [], heldBack: [], failed: [] };
    for (const o of outcomes) {
      if (o?.instance) plan.instances.push(o.instance);
      if (o?.held) plan.heldBack.push(o.held);
      if (o?.failed) plan.failed.push(o.failed);
    }
    return plan;
  }

  private instance(path: string, planned: RewrittenInstance): DeidentifiedInstance {
    const { facts, size } = planned;
    let cache: { head: Buffer; trailer: Buffer } | undefined;
    const headBytes = planned.head.reduce((s, b) => s + b.length, 0);
    if (this.cached + headBytes < CACHE_BUDGET_BYTES) {
      // Copies, so the cache does not pin the (larger) read buffers the chunks point into.
      cache = { head: Buffer.concat(planned.head), trailer: Buffer.concat(planned.trailer) };
      this.cached += cache.head.length + cache.trailer.length;
    }
    const env = this.env;
    // Only what is needed later: the closure must not pin the read buffers behind planned.head.
    const pixelRange = planned.pixel;
    async function* open(): AsyncGenerator<Buffer> {
      const now = cache ? { facts, size, pixel: pixelRange, head: [cache.head], trailer: [cache.trailer] } : await rewriteInstance(path, env);
      if (now.size !== size || now.facts.sopInstanceUid !== facts.sopInstanceUid) throw changed(path);
      yield* now.head;
      if (now.pixel) {
        let copied = 0;
        const expected = now.pixel.end - now.pixel.start;
        if (expected > 0) {
          for await (const chunk of createReadStream(now.pixel.path, { start: now.pixel.start, end: now.pixel.end - 1, highWaterMark: 512 * 1024 })) {
            copied += (chunk as Buffer).length;
            yield chunk as Buffer;
          }
        }
        if (copied !== expected) throw changed(path);
      }
      yield* now.trailer;
    }
    return {
      path,
      size,
      sopClassUid: facts.sopClassUid,
      sopInstanceUid: facts.sopInstanceUid,
      studyInstanceUid: facts.studyInstanceUid,
      seriesInstanceUid: facts.seriesInstanceUid,
      transferSyntaxUid: facts.transferSyntaxUid,
      original: facts.original,
      open,
    };
  }

  /** Removes the scratch folder (inflated copies). The map is saved by its owner. */
  async close(): Promise<void> {
    await rm(this.env.tempDir, { recursive: true, force: true });
  }
}

function changed(path: string): Error {
  return Object.assign(new Error(`${path} changed while being de-identified and sent`), { code: FILE_CHANGED, path });
}
