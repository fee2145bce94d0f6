import type { EntityManager } from 'typeorm';
import type { PayloadOf } from '@edubase/contracts';
import { InvalidEventError, OutboxPublisher } from './outbox-publisher';

function recordingManager(): { manager: EntityManager; statements: unknown[][] } {
  const statements: unknown[][] = [];
  const manager = {
    query: async (...args: unknown[]) => {
      statements.push(args);
      return [];
    },
    queryRunner: undefined,
    connection: {},
  } as unknown as EntityManager;
  return { manager, statements };
}

const terminal: PayloadOf<'netaccess.terminal.registered.v1'> = {
  terminalId: 't-1',
  macAddress: '02-31-01-00-00-01',
  type: 'printer',
  isDomestic: false,
  ownerPersonId: null,
};

describe('OutboxPublisher', () => {
  it('writes a valid event to the outbox', async () => {
    const { manager, statements } = recordingManager();
    const [envelope] = await new OutboxPublisher('network-access').publishMany(
      manager,
      'netaccess.terminal.registered.v1',
      [{ data: terminal, aggregateKey: 't-1', schoolCode: '3101200001' }],
    );
    expect(envelope?.data).toEqual(terminal);
    expect(statements).toHaveLength(1);
  });

  it("stores each event's own trace headers when given, the active trace's (none here) otherwise", async () => {
    const { manager, statements } = recordingManager();
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await new OutboxPublisher('network-access').publishMany(manager, 'netaccess.terminal.registered.v1', [
      { data: terminal, aggregateKey: 't-1', traceHeaders: { traceparent } },
      { data: terminal, aggregateKey: 't-2' },
      { data: terminal, aggregateKey: 't-3', traceHeaders: null },
    ]);
    const rows = (statements[0]![1] as unknown[][])[0] as unknown[][];
    const HEADERS_COLUMN = 4;
    expect(rows.map((row) => row[HEADERS_COLUMN])).toEqual([JSON.stringify({ traceparent }), null, null]);
  });

  it('refuses an event its contract rejects, before writing anything', async () => {
    const { manager, statements } = recordingManager();
    // What a tinyint column read back raw looks like: typed boolean, really a number.
    const readBackRaw = { ...terminal, isDomestic: 0 as unknown as boolean };
    await expect(
      new OutboxPublisher('network-access').publish(
        manager,
        'netaccess.terminal.registered.v1',
        readBackRaw,
        {
          aggregateKey: 't-1',
        },
      ),
    ).rejects.toThrow(InvalidEventError);
    expect(statements).toHaveLength(0);
  });
});
