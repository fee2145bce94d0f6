import { sheetRowsXml, xlsxOf } from '@edubase/testing';
import { readUploadedTable } from './read-uploaded-table';
import { DEFAULT_UPLOAD_LIMITS, UploadRefusal } from './upload-limits';

jest.setTimeout(30_000);

/** Longest gap between ticks of a 10 ms interval while `work` runs: how long the event loop was held. */
async function eventLoopHeldDuring<T>(
  work: Promise<T>,
): Promise<{ result: PromiseSettledResult<T>; heldMs: number }> {
  let last = performance.now();
  let heldMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    heldMs = Math.max(heldMs, now - last);
    last = now;
  }, 10);
  const [result] = await Promise.allSettled([work]);
  clearInterval(timer);
  return { result, heldMs };
}

describe('readUploadedTable (worker thread)', () => {
  it('reads a table off the event loop', async () => {
    const rows = Array.from({ length: 20_001 }, (_, index) => [`T${index}`, `教师${index}`, `${index}`]);
    const file = xlsxOf(sheetRowsXml(rows));
    const { result, heldMs } = await eventLoopHeldDuring(readUploadedTable(file, DEFAULT_UPLOAD_LIMITS));
    expect(result).toMatchObject({ status: 'fulfilled' });
    const table = (result as PromiseFulfilledResult<{ rows: unknown[] }>).value;
    expect(table.rows).toHaveLength(20_001);
    expect(heldMs).toBeLessThan(1000);
  });

  it('passes refusals back as UploadRefusal with their status', async () => {
    const refused = readUploadedTable(Buffer.from('a\n"b\n'), DEFAULT_UPLOAD_LIMITS);
    await expect(refused).rejects.toBeInstanceOf(UploadRefusal);
    await expect(refused).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/quoted/) });
  });

  it('terminates the worker at the wall-time limit and refuses the file with a 413', async () => {
    const file = Buffer.from(`h\n${'x,'.repeat(60)}\n`.repeat(40_000));
    const started = performance.now();
    await expect(
      readUploadedTable(file, { ...DEFAULT_UPLOAD_LIMITS, maxRows: 1_000_000, maxBytes: 1e8, maxWallMs: 50 }),
    ).rejects.toMatchObject({ status: 413, message: expect.stringMatching(/within 0.05 s/) });
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
