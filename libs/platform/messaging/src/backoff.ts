export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** Fraction of the delay randomised (0 = none), so restarted instances do not retry in lockstep. */
  jitter: number;
}

export const defaultBackoff: BackoffPolicy = { initialMs: 100, maxMs: 5_000, jitter: 0.2 };

/** Delay before retry number `attempt` (1-based): initial × 2^(attempt−1), capped, with jitter. */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy = defaultBackoff,
  random = Math.random,
): number {
  if (!Number.isInteger(attempt) || attempt < 1)
    throw new RangeError(`attempt must be a positive integer, got ${attempt}`);
  const exponential = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(attempt - 1, 30));
  const spread = exponential * policy.jitter;
  return Math.max(0, Math.round(exponential - spread + random() * 2 * spread));
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
