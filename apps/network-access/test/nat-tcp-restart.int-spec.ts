import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { waitFor } from '@edubase/testing';
import { SyslogReceiver } from '../src/nat/ingest/syslog-receiver';
import { NatLineParser } from '../src/nat/parsing/nat-line-parser';
import { NatLogWriter } from '../src/nat/storage/nat-log-writer';
import { Harness, startNetworkAccess } from './netaccess-harness';

jest.setTimeout(180_000);

const root = path.resolve(__dirname, '../../..');
const SENDER = path.join(root, 'tools/bench/nat-syslog-sender.mjs');
const BATCHES = 40;
const BATCH_SIZE = 500;
/** Both sender runs write the same lines for a batch, as a device resending its buffer does. */
const EPOCH = Math.floor(Date.now() / 1000) - 60;

/**
 * "No line acknowledged over TCP is lost on a restart": a sender (tools/bench/nat-syslog-sender.mjs, batches
 * of 500 lines each acknowledged by the receiver's `ACK` after commit) is killed mid-stream and started again
 * from its first unacknowledged batch, and the receiver is stopped and started again under it. Every
 * acknowledged line must be stored, and a resent one only once.
 */
describe('NAT syslog over TCP across restarts', () => {
  let harness: Harness;
  let receiver: SyslogReceiver;
  let writer: NatLogWriter;
  const tag = `RESTART-${process.pid}`;
  const acked = new Set<number>();

  const makeReceiver = (tcpPort: number) =>
    new SyslogReceiver({
      host: '127.0.0.1',
      udpPort: 0,
      tcpPort,
      parser: new NatLineParser({ offsetMinutes: 480 }),
      writer,
      retentionDays: 180,
      maxUncommittedPerConnection: 2000,
      onError: () => undefined,
    });

  function sender(port: number, from: number): { child: ChildProcess; exited: Promise<number | null> } {
    const child = spawn(
      process.execPath,
      [
        SENDER,
        `--port=${port}`,
        `--tag=${tag}`,
        `--from=${from}`,
        `--batches=${BATCHES - from}`,
        `--batch-size=${BATCH_SIZE}`,
        `--epoch=${EPOCH}`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let buffered = '';
    child.stdout!.on('data', (data: Buffer) => {
      buffered += data.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) if (line.startsWith('acked ')) acked.add(Number(line.slice(6)));
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, exited };
  }

  beforeAll(async () => {
    harness = await startNetworkAccess('natrestart', { NAT_SYSLOG_ENABLED: 'false' });
    writer = new NatLogWriter(harness.dataSource, { batchSize: 1000, maxWaitMs: 20 });
    receiver = makeReceiver(0);
  });

  afterAll(async () => {
    await receiver?.stop();
    await writer?.close();
    await harness?.close();
  });

  const storedSeqs = async (): Promise<Set<number>> => {
    const rows: Array<{ public_ip: number; public_port: number }> = await harness.dataSource.query(
      `SELECT public_ip, public_port FROM nat_session_log WHERE device = ?`,
      [tag],
    );
    return new Set(rows.map((row) => ((row.public_ip & 0xffff) << 8) + (row.public_port - 1024)));
  };

  it('stores every acknowledged line when the sender is killed and the receiver restarted mid-stream', async () => {
    const { tcpPort } = await receiver.start();

    const first = sender(tcpPort, 0);
    await waitFor('the first sender to get 5 batches acknowledged', 60_000, () => acked.size >= 5);
    first.child.kill('SIGKILL');
    await first.exited;
    const resumeFrom = Math.max(...acked) + 1;

    const second = sender(tcpPort, resumeFrom);
    await waitFor(
      'the second sender to get 5 more batches acknowledged',
      60_000,
      () => acked.size >= resumeFrom + 5,
    );
    await receiver.stop();
    await new Promise((resolve) => setTimeout(resolve, 300)); // the sender meets a closed port and retries
    receiver = makeReceiver(tcpPort);
    await receiver.start();
    expect(await second.exited).toBe(0);

    const stored = await storedSeqs();
    const lost: number[] = [];
    for (const batch of acked) {
      for (let i = 0; i < BATCH_SIZE; i += 1)
        if (!stored.has(batch * BATCH_SIZE + i)) lost.push(batch * BATCH_SIZE + i);
    }
    expect(lost).toEqual([]);
    expect([...acked].sort((a, b) => a - b)).toEqual(Array.from({ length: BATCHES }, (_, index) => index));
    expect(stored.size).toBe(BATCHES * BATCH_SIZE);
    const [{ n }] = (await harness.dataSource.query(
      'SELECT COUNT(*) AS n FROM nat_session_log WHERE device = ?',
      [tag],
    )) as Array<{ n: string }>;
    expect(Number(n)).toBe(BATCHES * BATCH_SIZE);
  });
});
