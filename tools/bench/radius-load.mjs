// The radclient load and EduBase seeding the RADIUS benches share (netaccess-radius.mjs against FreeRADIUS,
// netaccess-scale-out.mjs one instance against two): the realm's demo people, request files, parallel
// radclient processes with their own CPU time, and the school, NAS and people projection a bench database needs.
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { URLSearchParams } from 'node:url';

export const PASSWORD = 'Passw0rd!';

// The realm's demo people (deploy/keycloak/edubase-realm.json) with the role that gives their VLAN.
export const PEOPLE = [
  { staffNo: 'teacher.3101200001', role: 'teacher', vlan: 120, school: '3101200001' },
  { staffNo: 'netadmin.3101200001', role: 'network-admin', vlan: 100, school: '3101200001' },
  { staffNo: 'admin.3101200001', role: 'school-admin', vlan: 110, school: '3101200001' },
  { staffNo: 'admin.3101200002', role: 'school-admin', vlan: 110, school: '3101200002' },
  { staffNo: 'district.admin', role: 'district-admin', vlan: 100, school: null },
  { staffNo: 'leader1', role: 'leader', vlan: 110, school: null },
];

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitUntil(what, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

/** One request through radclient (with retries); the reply's code, or null when unanswered. */
export function radclientOnce(port, kind, secret, lines) {
  const result = spawnSync('radclient', ['-r', '3', '-t', '3', `127.0.0.1:${port}`, kind, secret], {
    input: `${lines.join('\n')}\n`,
    encoding: 'utf8',
  });
  return /Received (\S+)/.exec(result.stdout)?.[1] ?? null;
}

/**
 * Runs one radclient process per file in parallel (`parallel` outstanding each, optionally niced); wall time,
 * answers, losses and the radclients' own CPU seconds.
 */
export async function drive(port, kind, files, { secret, parallel, clientNice = 0 }) {
  const started = process.hrtime.bigint();
  const results = await Promise.all(
    files.map(
      (file) =>
        new Promise((resolve, reject) => {
          // Through bash so that `times` reports radclient's own CPU (children's user and system time) at
          // its exit: the clients share the 2 cores with the server, so their cost bounds the throughput.
          const child = spawn(clientNice > 0 ? 'nice' : 'bash', [
            ...(clientNice > 0 ? ['-n', String(clientNice), 'bash'] : []),
            '-c',
            'radclient "$@"; status=$?; times >&2; exit $status',
            'radclient',
            '-q',
            '-s',
            '-r',
            '3',
            '-t',
            '3',
            '-p',
            String(parallel),
            '-f',
            file,
            `127.0.0.1:${port}`,
            kind,
            secret,
          ]);
          let output = '';
          child.stdout.on('data', (chunk) => (output += chunk));
          child.stderr.on('data', (chunk) => (output += chunk));
          child.on('error', reject);
          child.on('close', () => resolve(output));
        }),
    ),
  );
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const sum = (pattern) =>
    results.reduce((total, output) => total + Number(pattern.exec(output)?.[1] ?? 0), 0);
  // `times` prints the shell's own user/system time, then its children's: the last pair is radclient's.
  const clientSeconds = results.reduce((total, output) => {
    const pairs = [...output.matchAll(/(\d+)m([\d.]+)s (\d+)m([\d.]+)s/g)];
    const last = pairs[pairs.length - 1];
    if (!last) return total;
    return total + Number(last[1]) * 60 + Number(last[2]) + Number(last[3]) * 60 + Number(last[4]);
  }, 0);
  return {
    ms,
    clientSeconds,
    // radclient -s: "Accepted" counts Access-Accepts and Accounting-Responses alike.
    accepted: sum(/Accepted\s*:\s*(\d+)/),
    rejected: sum(/Rejected\s*:\s*(\d+)/),
    lost: sum(/Lost\s*:\s*(\d+)/),
  };
}

/** PAP Access-Requests of the demo people, `perClient` per file. */
export function writeAuthFiles(dir, { clients, perClient }) {
  return Array.from({ length: clients }, (_, client) => {
    const requests = [];
    for (let i = 0; i < perClient; i += 1) {
      const person = PEOPLE[(i + client) % PEOPLE.length];
      const mac = `02-00-${String(client).padStart(2, '0')}-${((i >> 8) & 0xff).toString(16).padStart(2, '0')}-${(i & 0xff).toString(16).padStart(2, '0')}-01`;
      requests.push(
        `User-Name = "${person.staffNo}"\nUser-Password = "${PASSWORD}"\nCalling-Station-Id = "${mac}"\nNAS-Port = ${i % 48}`,
      );
    }
    const file = path.join(dir, `auth-${client}.txt`);
    writeFileSync(file, `${requests.join('\n\n')}\n`);
    return file;
  });
}

/** Start, Interim-Update and Stop for each session; `tag` keeps sessions distinct per server and round. */
export function writeAcctFiles(dir, tag, { clients, sessionsPerClient }) {
  return Array.from({ length: clients }, (_, client) => {
    const packets = [];
    for (const status of ['Start', 'Interim-Update', 'Stop']) {
      for (let i = 0; i < sessionsPerClient; i += 1) {
        const person = PEOPLE[(i + client) % PEOPLE.length];
        const octets = status === 'Start' ? 0 : status === 'Stop' ? 2_000_000 + i : 1_000_000 + i;
        packets.push(
          [
            `User-Name = "${person.staffNo}"`,
            `Acct-Status-Type = ${status}`,
            `Acct-Session-Id = "${tag}-${client}-${i}"`,
            `Framed-IP-Address = 10.${31 + client}.${(i >> 8) & 0xff}.${i & 0xff}`,
            `Calling-Station-Id = "02-01-${String(client).padStart(2, '0')}-${((i >> 8) & 0xff).toString(16).padStart(2, '0')}-${(i & 0xff).toString(16).padStart(2, '0')}-01"`,
            `NAS-Port = ${i % 48}`,
            `Acct-Session-Time = ${status === 'Start' ? 0 : status === 'Stop' ? 1200 : 600}`,
            `Acct-Input-Octets = ${octets}`,
            `Acct-Output-Octets = ${octets * 3}`,
            ...(status === 'Stop' ? ['Acct-Terminate-Cause = User-Request'] : []),
          ].join('\n'),
        );
      }
    }
    const file = path.join(dir, `acct-${tag}-${client}.txt`);
    writeFileSync(file, `${packets.join('\n\n')}\n`);
    return file;
  });
}

/**
 * What a bench database needs before RADIUS: the school projection (a NAS needs a known school), the NAS
 * (127.0.0.1, registered through the service's API) and the identity projection, as the consumer of
 * identity's events would write them.
 */
export async function seedNetworkAccess(db, { httpUrl, keycloakUrl, secret }) {
  const token = await fetch(`${keycloakUrl}/realms/edubase/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'edubase-cli',
      username: 'district.admin',
      password: PASSWORD,
    }),
  }).then((response) => response.json());
  await db.query(
    "INSERT INTO school (school_code, org_id, name, as_of) VALUES ('3101200001', ?, ?, NOW(3))",
    ['bench-school', '基准测试学校'],
  );
  const registered = await fetch(`${httpUrl}/nas`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      schoolCode: '3101200001',
      name: '基准测试 BRAS',
      ip: '127.0.0.1',
      sharedSecret: secret,
      vendor: 'bench',
    }),
  });
  if (registered.status !== 201)
    throw new Error(`NAS registration failed: ${registered.status} ${await registered.text()}`);
  for (const [index, person] of PEOPLE.entries()) {
    const personId = `bench-person-${index}`;
    await db.query(
      'INSERT INTO person (person_id, staff_no, name, school_code, status, as_of) VALUES (?, ?, ?, ?, ?, NOW(3))',
      [personId, person.staffNo, person.staffNo, person.school, 'active'],
    );
    await db.query('INSERT INTO person_role (person_id, role, school_key, ends_at) VALUES (?, ?, ?, NULL)', [
      personId,
      person.role,
      person.school ?? '',
    ]);
  }
}
