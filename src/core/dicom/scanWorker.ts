// Entry point of the thread that reads DICOM headers (its own esbuild bundle, dist/scanWorker.js):
// a hostile or broken file can then only cost this thread, within its budget, never the caller's.
import { checkFile, type CheckPolicy } from './checkFile';
import type { ListedFile } from './listFiles';
import { serveTasks } from './workerTasks';

export interface ScanTask {
  readonly file: ListedFile;
  readonly policy: CheckPolicy;
}

serveTasks((task: ScanTask) => checkFile(task.file, task.policy));
