import type { DicomInstanceFile } from './scanDicom';
import type { Final } from './finalReport';
import type { SendProgress } from './sendTypes';

/** What is known about a send so far: settled instances, attempts, counters, bytes on the wire. */
export class SendLedger {
  readonly settled = new Map<string, Final & { attempts: number }>();
  readonly attempts = new Map<string, number>();
  totalBytes = 0;
  requests = 0;
  retries = 0;
  private stored = 0;
  private failed = 0;
  private bytesDone = 0;
  private bytesStreaming = 0;
  private instancesTotal = 0;

  constructor(
    instances: readonly DicomInstanceFile[],
    private readonly onProgress?: (progress: SendProgress) => void,
  ) {
    for (const instance of instances) this.add(instance);
  }

  /** One more instance to send (while a scan still finds them, the totals grow). */
  add(instance: DicomInstanceFile): void {
    this.instancesTotal++;
    this.totalBytes += instance.size;
  }

  /** A request carries `files` as their `attempt`-th try. */
  sending(files: readonly DicomInstanceFile[], attempt: number): void {
    this.requests++;
    for (const file of files) this.attempts.set(file.sopInstanceUid, attempt);
  }

  /** File bytes of a request in flight went out. */
  streamed(bytes: number): void {
    this.bytesStreaming += bytes;
    this.progress();
  }

  /** A request ended: its bytes count again once its instances settle (or are sent again). */
  ended(streamedBytes: number): void {
    this.bytesStreaming -= streamedBytes;
  }

  /** The first final word on an instance wins; later ones (a duplicate answer) are ignored. */
  settle(file: DicomInstanceFile, outcome: Final): void {
    if (this.settled.has(file.sopInstanceUid)) return;
    this.settled.set(file.sopInstanceUid, { ...outcome, attempts: this.attempts.get(file.sopInstanceUid) ?? 0 });
    this.bytesDone += file.size;
    if (outcome.fate === 'stored') this.stored++;
    else if (outcome.fate === 'failed') this.failed++;
  }

  progress(): void {
    this.onProgress?.({
      bytesSent: this.bytesDone + this.bytesStreaming,
      totalBytes: this.totalBytes,
      instancesDone: this.settled.size,
      instancesTotal: this.instancesTotal,
      stored: this.stored,
      failed: this.failed,
    });
  }
}
