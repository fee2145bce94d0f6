const SDK_KEY = Symbol.for('edubase.telemetry.sdk');

interface ShutdownCapable {
  shutdown(): Promise<void>;
}

function isShutdownCapable(value: unknown): value is ShutdownCapable {
  return typeof value === 'object' && value !== null && typeof Reflect.get(value, 'shutdown') === 'function';
}

/** True when the process was started with the telemetry preload (`node -r …/preload.js`). */
export function isTelemetryPreloaded(): boolean {
  return isShutdownCapable((globalThis as Record<symbol, unknown>)[SDK_KEY]);
}

/**
 * Flushes pending spans and stops the OpenTelemetry SDK started by the preload; a no-op without it.
 * Called once from the service's shutdown hook, never throws so the rest of the shutdown still runs.
 */
export async function shutdownTelemetry(): Promise<void> {
  const sdk = (globalThis as Record<symbol, unknown>)[SDK_KEY];
  if (!isShutdownCapable(sdk)) return;
  delete (globalThis as Record<symbol, unknown>)[SDK_KEY];
  try {
    await sdk.shutdown();
  } catch (error) {
    process.stderr.write(
      `${JSON.stringify({ level: 'error', msg: 'telemetry shutdown failed', err: String(error) })}\n`,
    );
  }
}
