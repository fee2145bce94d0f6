// Entry of the worker thread that reads one uploaded table (see readUploadedTable).
import { parentPort, workerData } from 'node:worker_threads';
import { readTable } from './read-table';
import { UploadRefusal, type UploadLimits } from './upload-limits';

export type TableWorkerAnswer =
  | { table: ReturnType<typeof readTable> }
  | { refusal: { status: 400 | 413; message: string } }
  | { failure: string };

const { file, limits } = workerData as { file: Uint8Array; limits: UploadLimits };
let answer: TableWorkerAnswer;
try {
  answer = { table: readTable(file, limits) };
} catch (error) {
  answer =
    error instanceof UploadRefusal
      ? { refusal: { status: error.status, message: error.message } }
      : { failure: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}
parentPort!.postMessage(answer);
