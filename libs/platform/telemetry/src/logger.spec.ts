import { createLogger, NestPinoLogger } from './logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    serviceName: 'identity',
    level: 'debug',
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  return { lines, logger };
}

describe('createLogger', () => {
  it('writes JSON lines with a level label, ISO time and the service name, and no trace ids outside a span', () => {
    const { lines, logger } = capture();
    logger.info({ schoolCode: '3101200001' }, '学校已创建');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'info',
      service: 'identity',
      schoolCode: '3101200001',
      msg: '学校已创建',
    });
    expect(lines[0].time).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(lines[0]).not.toHaveProperty('trace_id');
  });

  it('falls back to info for an unknown level', () => {
    const lines: string[] = [];
    const logger = createLogger({
      serviceName: 's',
      level: 'loud',
      destination: { write: (l: string) => void lines.push(l) },
    });
    logger.debug('hidden');
    logger.info('shown');
    expect(lines).toHaveLength(1);
  });
});

describe('NestPinoLogger', () => {
  it("maps Nest's (message, context) calls to JSON with a context field", () => {
    const { lines, logger } = capture();
    const nest = new NestPinoLogger(logger);
    nest.log('Mapped {/people, GET} route', 'RouterExplorer');
    nest.warn('slow', 'PeopleService');
    nest.debug('detail');
    nest.verbose('very detailed');
    expect(lines.map(({ level, msg, context }) => ({ level, msg, context }))).toEqual([
      { level: 'info', msg: 'Mapped {/people, GET} route', context: 'RouterExplorer' },
      { level: 'warn', msg: 'slow', context: 'PeopleService' },
      { level: 'debug', msg: 'detail', context: undefined },
      // verbose is below debug, so it is filtered at level debug
    ]);
  });

  it('keeps the stack Nest passes to error() as a field, not in the message', () => {
    const { lines, logger } = capture();
    const failure = new Error('connection lost');
    new NestPinoLogger(logger).error(failure.message, failure.stack, 'ExceptionsHandler');
    expect(lines[0]).toMatchObject({ level: 'error', msg: 'connection lost', context: 'ExceptionsHandler' });
    expect(String(lines[0].stack)).toContain('at ');
  });

  it('serialises an Error and merges an object message', () => {
    const { lines, logger } = capture();
    const nest = new NestPinoLogger(logger);
    nest.error(new Error('broken'));
    nest.log({ msg: 'structured', count: 2 }, 'Ctx');
    expect(lines[0]).toMatchObject({
      level: 'error',
      msg: 'broken',
      err: { message: 'broken', type: 'Error' },
    });
    expect(lines[1]).toMatchObject({ level: 'info', msg: 'structured', count: 2, context: 'Ctx' });
  });
});
