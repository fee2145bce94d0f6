import { spawn } from 'node:child_process';
import path from 'node:path';
import { SyslogReceiver } from '../src/nat/ingest/syslog-receiver';
import { NatLineParser } from '../src/nat/parsing/nat-line-parser';
import { NatLogWriter } from '../src/nat/storage/nat-log-writer';
import { fixtureLines } from './fixtures/nat/nat-fixtures';
import { counterValue, Harness, startNetworkAccess } from './netaccess-harness';

jest.setTimeout(120_000);

const SENDER = path.resolve(__dirname, '../../../tools/bench/nat-syslog-sender.mjs');

/**
 * A sender that never got its `ACK` (lost with the connection) sends the batch again, though the receiver
 * may have committed it: the same line from the same device must still be stored once.
 */
describe('NAT lines sent again', () => {
  let harness: Harness;
  let writer: NatLogWriter;
  let receiver: SyslogReceiver;
  const parser = new NatLineParser({ offsetMinutes: 480 });

  beforeAll(async () => {
    harness = await startNetworkAccess('natresend', { NAT_SYSLOG_ENABLED: 'false' });
    writer = new NatLogWriter(harness.dataSource, { batchSize: 1000, maxWaitMs: 20 });
    receiver = new SyslogReceiver({
      host: '127.0.0.1',
      udpPort: 0,
      tcpPort: 0,
      parser,
      writer,
      retentionDays: 180,
      maxUncommittedPerConnection: 2000,
      onError: () => undefined,
    });
  });

  afterAll(async () => {
    await receiver?.stop();
    await writer?.close();
    await harness?.close();
  });

  const rowsOf = async (table: string, device?: string): Promise<number> => {
    const [row] = (await harness.dataSource.query(
      `SELECT COUNT(*) AS n FROM ${table}${device ? ' WHERE device = ?' : ''}`,
      device ? [device] : [],
    )) as Array<{ n: string }>;
    return Number(row!.n);
  };

  it('stores a batch resent over TCP once', async () => {
    const { tcpPort } = await receiver.start();
    const tag = `RESEND-${process.pid}`;
    const epoch = Math.floor(Date.now() / 1000) - 60;
    // The same batches twice: the second run is the device resending what it got no ACK for.
    const send = () =>
      new Promise<number | null>((resolve) =>
        spawn(
          process.execPath,
          [
            SENDER,
            `--port=${tcpPort}`,
            `--tag=${tag}`,
            '--from=0',
            '--batches=3',
            '--batch-size=200',
            `--epoch=${epoch}`,
          ],
          { stdio: ['ignore', 'ignore', 'inherit'] },
        ).on('exit', resolve),
      );
    const duplicatesBefore = await counterValue('netaccess_nat_lines_duplicate_total', {});
    expect(await send()).toBe(0);
    expect(await rowsOf('nat_session_log', tag)).toBe(600);

    expect(await send()).toBe(0); // acknowledged again: the lines are committed (they were already)
    expect(await rowsOf('nat_session_log', tag)).toBe(600);
    expect((await counterValue('netaccess_nat_lines_duplicate_total', {})) - duplicatesBefore).toBe(600);
  });

  it('stores each vendor’s session and port block lines once, however often they are written', async () => {
    const records = (['huawei', 'h3c', 'sangfor', 'hillstone'] as const)
      .flatMap((vendor) => fixtureLines(vendor))
      .map((line) => parser.parse(line, '192.0.2.1', new Date()))
      .flatMap((result) => (result.ok ? [result.record] : []));
    expect(records.some((record) => record.kind === 'block')).toBe(true);
    const before = {
      sessions: await rowsOf('nat_session_log'),
      blocks: await rowsOf('nat_port_block_log'),
    };
    await writer.write(records);
    const once = {
      sessions: await rowsOf('nat_session_log'),
      blocks: await rowsOf('nat_port_block_log'),
    };
    expect(once.sessions + once.blocks - before.sessions - before.blocks).toBe(records.length);

    // Again, and twice within one batch.
    await writer.write([...records, ...records]);
    expect({
      sessions: await rowsOf('nat_session_log'),
      blocks: await rowsOf('nat_port_block_log'),
    }).toEqual(once);
  });
});
