import { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger, LevelWithSilent } from 'pino';
import { activeTraceIds } from './trace-context';

export type Log = Logger;

export interface LoggerOptions {
  serviceName: string;
  level?: string;
  /** Where JSON lines go; stdout unless a test captures them. */
  destination?: DestinationStream;
}

const LEVELS: readonly LevelWithSilent[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function asLevel(level: string | undefined): LevelWithSilent {
  return LEVELS.find((known) => known === level) ?? 'info';
}

/**
 * A JSON logger whose every line carries `trace_id`/`span_id` of the active span, so a log line can be
 * found from a trace and the other way round.
 */
export function createLogger(options: LoggerOptions): Log {
  return pino(
    {
      level: asLevel(options.level),
      base: { service: options.serviceName },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => activeTraceIds() ?? {},
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/** Lets Nest's own messages (bootstrap, routes, errors) come out as the same JSON lines. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Log) {}

  log(message: unknown, ...optionalParams: unknown[]): void {
    this.write('info', message, optionalParams);
  }

  error(message: unknown, ...optionalParams: unknown[]): void {
    // Nest passes (message, stack?, context?); the stack is kept as a field, not glued to the message.
    const params = [...optionalParams];
    const context = this.takeContext(params);
    const stack =
      typeof params[0] === 'string' && params[0].includes('\n    at ') ? params.shift() : undefined;
    this.emit('error', message, context, stack === undefined ? {} : { stack });
  }

  warn(message: unknown, ...optionalParams: unknown[]): void {
    this.write('warn', message, optionalParams);
  }

  debug(message: unknown, ...optionalParams: unknown[]): void {
    this.write('debug', message, optionalParams);
  }

  verbose(message: unknown, ...optionalParams: unknown[]): void {
    this.write('trace', message, optionalParams);
  }

  fatal(message: unknown, ...optionalParams: unknown[]): void {
    this.write('fatal', message, optionalParams);
  }

  private write(
    level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace',
    message: unknown,
    params: unknown[],
  ) {
    const rest = [...params];
    this.emit(level, message, this.takeContext(rest), {});
  }

  /** Nest appends the context (class name) as the last string parameter. */
  private takeContext(params: unknown[]): string | undefined {
    const last = params.at(-1);
    if (typeof last === 'string') {
      params.pop();
      return last;
    }
    return undefined;
  }

  private emit(
    level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace',
    message: unknown,
    context: string | undefined,
    fields: Record<string, unknown>,
  ): void {
    const withContext = context === undefined ? fields : { ...fields, context };
    if (message instanceof Error) this.logger[level]({ ...withContext, err: message }, message.message);
    else if (typeof message === 'object' && message !== null)
      this.logger[level]({ ...withContext, ...(message as Record<string, unknown>) });
    else this.logger[level](withContext, String(message));
  }
}
