export interface WaitForOptions {
  /** Pause between two probes; 100 ms unless a test measures something finer. */
  intervalMs?: number;
}

/**
 * Probes until it yields a value, and resolves with that value. `undefined`, `null` and `false` mean "not
 * yet"; anything else (0 and '' included) is an answer. An error thrown by the probe fails at once: a
 * broken probe must not pass for a slow system. After `timeoutMs` it fails naming what it waited for.
 */
export async function waitFor<T>(
  description: string,
  timeoutMs: number,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  options: WaitForOptions = {},
): Promise<T> {
  const intervalMs = options.intervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
