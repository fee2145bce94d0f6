import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Table } from './table';
import type { TableWorkerAnswer } from './table-worker';
import { formatBytes, tooLarge, UploadRefusal, unreadable, type UploadLimits } from './upload-limits';

// dist/ holds table-worker.js beside this file's .js; under Jest this file is the .ts source, and the
// worker (outside Jest's module registry) first installs a require hook that compiles .ts with swc.
const workerModule = path.join(__dirname, `table-worker${path.extname(__filename)}`);
const fromSources = workerModule.endsWith('.ts');
const sourceHook = path.resolve(__dirname, '../../../../tools/testing/swc-require-hook.cjs');
const workerSource = [
  ...(fromSources ? [`require(${JSON.stringify(sourceHook)});`] : []),
  `require(${JSON.stringify(workerModule)});`,
].join('\n');

/** A worker's heap: enough for a table at the limits, small enough that several cannot exhaust the host. */
const WORKER_HEAP_MB = 512;
/** Parses at once; more wait their turn, so a burst of uploads costs at most this many cores and heaps. */
const PARALLEL_PARSES = 2;

let running = 0;
const waiting: (() => void)[] = [];
async function parseSlot(): Promise<() => void> {
  if (running >= PARALLEL_PARSES) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
}

function inWorker(file: Uint8Array, limits: UploadLimits): Promise<Table> {
  return new Promise<Table>((resolve, reject) => {
    const worker = new Worker(workerSource, {
      eval: true,
      workerData: { file, limits },
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: 32 },
      stdout: false,
      stderr: false,
    });
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      void worker.terminate();
      outcome();
    };
    const deadline = setTimeout(
      () =>
        settle(() =>
          reject(tooLarge(`the file could not be read within ${limits.maxWallMs / 1000} s; split it`)),
        ),
      limits.maxWallMs,
    );
    worker.on('message', (answer: TableWorkerAnswer) =>
      settle(() => {
        if ('table' in answer) resolve(answer.table);
        else if ('refusal' in answer)
          reject(new UploadRefusal(answer.refusal.status, answer.refusal.message));
        else reject(new Error(`Reading the uploaded table failed: ${answer.failure}`));
      }),
    );
    worker.on('error', (error: Error & { code?: string }) =>
      settle(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? tooLarge(`reading the file needs more than ${WORKER_HEAP_MB} MB of memory`)
            : error,
        ),
      ),
    );
    worker.on('exit', (code) =>
      settle(() => reject(new Error(`The upload worker exited (${code}) without an answer`))),
    );
  });
}

/**
 * Reads an uploaded table (CSV UTF-8 or XLSX, see readTable) in a worker thread, so the event loop keeps
 * serving while it is parsed, and terminates the worker at `maxWallMs`. Rejects with an UploadRefusal
 * (400/413 and a message for the user) for any file it will not read.
 */
export async function readUploadedTable(file: Uint8Array, limits: UploadLimits): Promise<Table> {
  if (file.length === 0) throw unreadable('The file is empty.');
  if (file.length > limits.maxBytes)
    throw tooLarge(`the file is larger than ${formatBytes(limits.maxBytes)}`);
  const release = await parseSlot();
  try {
    return await inWorker(file, limits);
  } finally {
    release();
  }
}
