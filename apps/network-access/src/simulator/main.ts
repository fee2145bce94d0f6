import { createConnection } from 'mysql2/promise';
import { loadConfig } from '@edubase/config';
import { NetworkAccessConfig } from '../network-access.config';
import { DEMO_NAS_SUBNET_PREFIX } from '../seed/demo-network';
import { EgressNatSimulator } from './egress-nat-simulator';
import { RadiusTrafficSimulator, SimulatedNas } from './radius-traffic-simulator';

/**
 * `node dist/apps/network-access/src/simulator/main.js`: the demo's switches. Reads the demo NAS devices and
 * terminals that the service seeded (it is network-access's own database) and keeps RADIUS traffic flowing.
 */
async function loadDemoNetwork(config: NetworkAccessConfig): Promise<SimulatedNas[]> {
  const connection = await createConnection({
    host: config.DB_HOST,
    port: config.DB_PORT,
    user: config.DB_USER,
    password: config.DB_PASSWORD,
    database: config.DB_NAME,
  });
  try {
    const [nasRows] = await connection.query(
      'SELECT ip, school_code AS schoolCode, shared_secret AS secret FROM nas WHERE ip LIKE ? ORDER BY ip',
      [`${DEMO_NAS_SUBNET_PREFIX}%`],
    );
    const [terminalRows] = await connection.query(
      'SELECT mac_address AS mac, school_code AS schoolCode FROM terminal',
    );
    const macsBySchool = new Map<string, string[]>();
    for (const row of terminalRows as Array<{ mac: string; schoolCode: string }>) {
      macsBySchool.set(row.schoolCode, [...(macsBySchool.get(row.schoolCode) ?? []), row.mac]);
    }
    return (nasRows as Array<{ ip: string; schoolCode: string; secret: string }>).map((row) => ({
      ...row,
      terminalMacs: macsBySchool.get(row.schoolCode) ?? [],
    }));
  } finally {
    await connection.end();
  }
}

async function main(): Promise<void> {
  const config = loadConfig(NetworkAccessConfig);
  let network: SimulatedNas[] = [];
  // The service seeds its demo network in the background after it starts; wait for it.
  for (let attempt = 0; attempt < 120 && network.length === 0; attempt += 1) {
    network = await loadDemoNetwork(config);
    if (network.length === 0) await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  if (network.length === 0)
    throw new Error('no demo NAS devices found: is network-access running with SEED_DEMO_NETWORK=true?');
  const target = {
    host: config.RADIUS_HOST === '0.0.0.0' ? '127.0.0.1' : config.RADIUS_HOST,
    authPort: config.RADIUS_AUTH_PORT,
    acctPort: config.RADIUS_ACCT_PORT,
  };
  const nat = new EgressNatSimulator({ host: target.host, udpPort: config.NAT_SYSLOG_UDP_PORT });
  const simulator = new RadiusTrafficSimulator(target, network, nat);
  await simulator.start();
  const natTimer = setInterval(() => nat.tick(), 2_000);
  process.stdout.write(
    `radius simulator: ${network.length} NAS devices sending to ${target.host}:${target.authPort}/${target.acctPort}\n`,
  );
  const report = setInterval(() => {
    process.stdout.write(`radius simulator: ${JSON.stringify(simulator.stats)}\n`);
    const traceable = nat.lastTraceable;
    if (traceable) {
      process.stdout.write(
        `egress NAT simulator: ${nat.sent} syslog lines to ${target.host}:${config.NAT_SYSLOG_UDP_PORT}/udp; ` +
          `try /trace/public?ip=${traceable.publicIp}&port=${traceable.port}&at=${traceable.at.toISOString()} (${traceable.insideIp})\n`,
      );
    }
  }, 30_000);
  const shutdown = () => {
    clearInterval(report);
    clearInterval(natTimer);
    nat.stop();
    simulator.stop();
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `radius simulator failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
