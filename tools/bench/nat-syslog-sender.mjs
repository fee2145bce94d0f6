// Syslog load generator for NAT logs, and the sender side of "acknowledged" over TCP (network-access README,
// "NAT logs and the public-address trace"): each batch goes on its own connection, octet-counted (RFC 6587),
// then the sender half-closes and waits for the receiver's `ACK <lines>`, sent only once every line of the
// connection is committed. A batch without that answer (reset, closed, timeout) is sent again.
//
// As a CLI (used by the TCP restart test): node tools/bench/nat-syslog-sender.mjs --port=5514 --tag=run1
//   --from=0 --batches=40 --batch-size=500 [--host=127.0.0.1] [--epoch=<seconds>] ; prints `acked <batch>` per
//   acknowledged batch. The lines' time is --epoch, else now: a sender run twice with the same --epoch sends
//   the same lines again, as a device resending what it was never acknowledged for does.
import net from 'node:net';
import { pathToFileURL } from 'node:url';

/** A Huawei USG session-teardown line whose public ip:port (100.64.0.0/10) and inside ip encode `seq`. */
export function natLine(tag, seq, epochSeconds) {
  const publicIp = `100.${64 + ((seq >>> 24) & 0x3f)}.${(seq >>> 16) & 0xff}.${(seq >>> 8) & 0xff}`;
  const publicPort = 1024 + (seq & 0xff);
  const inside = `10.${200 + ((seq >>> 16) & 0x1f)}.${(seq >>> 8) & 0xff}.${seq & 0xff}`;
  return (
    `<190>1 ${new Date(epochSeconds * 1000).toISOString()} ${tag} - - - - %%01SECLOG/6/SESSION_TEARDOWN(l):` +
    `IPVer=4,Protocol=tcp,SourceIP=${inside},DestinationIP=203.0.113.80,SourcePort=${40000 + (seq % 20000)},` +
    `DestinationPort=443,SourceNatIP=${publicIp},SourceNatPort=${publicPort},BeginTime=${epochSeconds},` +
    `EndTime=${epochSeconds + 30},SendPkts=12,SendBytes=2048,RcvPkts=10,RcvBytes=8192,SourceZone=trust,` +
    `DestinationZone=untrust,PolicyName=edu-out,CloseReason=tcp-fin.`
  );
}

/** The seq encoded by natLine's public ip:port. */
export function seqOf(publicIpInt, publicPort) {
  const [a, b, c] = [(publicIpInt >>> 24) & 0xff, (publicIpInt >>> 16) & 0xff, (publicIpInt >>> 8) & 0xff];
  const d = publicIpInt & 0xff;
  return (((a === 100 ? b - 64 : 0) & 0x3f) << 24) + (c << 16) + (d << 8) + (publicPort - 1024);
}

function framed(lines) {
  return Buffer.concat(
    lines.map((line) => {
      const body = Buffer.from(line);
      return Buffer.concat([Buffer.from(`${body.length} `), body]);
    }),
  );
}

/** Sends one batch on its own connection; resolves true when the receiver acknowledged every line. */
export function sendBatch({ host, port, lines, timeoutMs = 30_000 }) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, allowHalfOpen: true });
    let answer = '';
    let settled = false;
    const done = (ok) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on('connect', () => socket.end(framed(lines)));
    socket.on('data', (data) => (answer += data.toString('latin1')));
    socket.on('end', () => done(answer.trim() === `ACK ${lines.length}`));
    socket.on('error', () => done(false));
    socket.on('close', () => done(answer.trim() === `ACK ${lines.length}`));
  });
}

/** Sends batches [from, from + batches) of `batchSize` lines each, retrying a batch until acknowledged. */
export async function sendBatches({ host, port, tag, from, batches, batchSize, onAcked, epochSeconds }) {
  const at = epochSeconds ?? Math.floor(Date.now() / 1000);
  for (let batch = from; batch < from + batches; batch += 1) {
    const lines = [];
    for (let i = 0; i < batchSize; i += 1) lines.push(natLine(tag, batch * batchSize + i, at));
    while (!(await sendBatch({ host, port, lines }))) await new Promise((resolve) => setTimeout(resolve, 50));
    onAcked?.(batch);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = Object.fromEntries(
    process.argv.slice(2).map((arg) => {
      const [name, value] = arg.replace(/^--/, '').split('=');
      return [name, value ?? 'true'];
    }),
  );
  await sendBatches({
    host: args.host ?? '127.0.0.1',
    port: Number(args.port),
    tag: args.tag ?? 'nat-sender',
    from: Number(args.from ?? 0),
    batches: Number(args.batches ?? 10),
    batchSize: Number(args['batch-size'] ?? 500),
    ...(args.epoch ? { epochSeconds: Number(args.epoch) } : {}),
    onAcked: (batch) => process.stdout.write(`acked ${batch}\n`),
  });
}
