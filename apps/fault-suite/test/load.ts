import { radclient } from '@edubase/testing';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type AccountingStatus = 'Start' | 'Interim-Update' | 'Stop';

/** An accounting record the NAS got an Accounting-Response for: the server has promised to keep it. */
export interface AcknowledgedRecord {
  sessionId: string;
  status: AccountingStatus;
}

/**
 * Steady RADIUS traffic as switches send it, through FreeRADIUS's radclient: each worker authenticates a
 * registered terminal by MAC (MAB), then sends its session's Start, Interim-Update and Stop. A record is
 * sent once (radclient's own retransmission aside); only the answered ones are counted as acknowledged.
 */
export class RadiusLoad {
  readonly counts = {
    authAccepted: 0,
    authRefused: 0,
    authUnanswered: 0,
    accountingSent: 0,
    accountingAcknowledged: 0,
    accountingUnanswered: 0,
  };
  readonly acknowledged: AcknowledgedRecord[] = [];
  private running = false;
  private readonly workers: Promise<void>[] = [];

  constructor(
    private readonly ports: { auth: number; acct: number },
    private readonly secret: string,
    private readonly macs: readonly string[],
    private readonly runId: string,
  ) {}

  start(workers = 2): void {
    this.running = true;
    for (let worker = 0; worker < workers; worker += 1) this.workers.push(this.work(worker));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
  }

  private async work(worker: number): Promise<void> {
    for (let session = 0; this.running; session += 1) {
      const mac = this.macs[(worker + session * 2) % this.macs.length]!;
      const sessionId = `${this.runId}-${worker}-${session}`;
      await this.authenticate(mac);
      // A session begun is finished even when the load stops, as a switch would.
      for (const status of ['Start', 'Interim-Update', 'Stop'] as const) {
        await this.account(mac, sessionId, status);
        await sleep(250);
      }
    }
  }

  private async authenticate(mac: string): Promise<void> {
    const bare = mac.replace(/-/g, '');
    const answer = await radclient(
      this.ports.auth,
      'auth',
      this.secret,
      [
        `User-Name = "${bare}"`,
        `User-Password = "${bare}"`,
        `Calling-Station-Id = "${mac.toUpperCase()}"`,
        'Service-Type = Call-Check',
      ],
      { timeoutSeconds: 2 },
    );
    if (answer.code === 'Access-Accept') this.counts.authAccepted += 1;
    else if (answer.code) this.counts.authRefused += 1;
    else this.counts.authUnanswered += 1;
  }

  private async account(mac: string, sessionId: string, status: AccountingStatus): Promise<void> {
    this.counts.accountingSent += 1;
    const elapsed = status === 'Start' ? 0 : status === 'Interim-Update' ? 60 : 120;
    const answer = await radclient(
      this.ports.acct,
      'acct',
      this.secret,
      [
        `User-Name = "${mac.replace(/-/g, '')}"`,
        `Acct-Session-Id = "${sessionId}"`,
        `Acct-Status-Type = ${status}`,
        `Calling-Station-Id = "${mac.toUpperCase()}"`,
        'Framed-IP-Address = 10.31.99.10',
        'NAS-Port-Id = "GigabitEthernet0/0/1"',
        `Acct-Session-Time = ${elapsed}`,
        `Acct-Input-Octets = ${elapsed * 1000}`,
        `Acct-Output-Octets = ${elapsed * 4000}`,
      ],
      { timeoutSeconds: 2 },
    );
    if (answer.code === 'Accounting-Response') {
      this.counts.accountingAcknowledged += 1;
      this.acknowledged.push({ sessionId, status });
    } else this.counts.accountingUnanswered += 1;
  }
}

/** A bearer token of a realm user, renewed every minute while the realm answers (the last one kept). */
export class RealmToken {
  private token: string | null = null;
  private fetchedAt = 0;

  constructor(
    private readonly keycloakUrl: string,
    private readonly username: string,
    private readonly password: string,
  ) {}

  async get(): Promise<string | null> {
    if (this.token && Date.now() - this.fetchedAt < 60_000) return this.token;
    const response = await fetch(`${this.keycloakUrl}/realms/edubase/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: 'edubase-cli',
        username: this.username,
        password: this.password,
      }),
      signal: AbortSignal.timeout(5_000),
    }).catch(() => null);
    if (response?.ok) {
      this.token = ((await response.json()) as { access_token: string }).access_token;
      this.fetchedAt = Date.now();
    }
    return this.token;
  }
}

/**
 * Steady identity writes: a student created every few hundred milliseconds through the REST API. A 201 is
 * an acknowledged write: that person must exist afterwards, in identity and in everything fed by its events.
 */
export class IdentityLoad {
  readonly counts = { sent: 0, created: 0, refused: 0, unanswered: 0 };
  /** Refusals and unanswered writes by the fault under way (see `phase`), the first answers kept. */
  readonly failuresByPhase: Record<string, { refused: number; unanswered: number; answers: string[] }> = {};
  /** What the suite is doing now: the fault being injected, or steady state. */
  phase = 'steady state';
  readonly created: string[] = [];
  private running = false;
  private worker: Promise<void> | null = null;

  constructor(
    private readonly identityUrl: string,
    private readonly token: RealmToken,
    private readonly orgId: string,
    private readonly runId: string,
  ) {}

  start(): void {
    this.running = true;
    this.worker = this.work();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.worker;
  }

  private async work(): Promise<void> {
    for (let index = 0; this.running; index += 1) {
      this.counts.sent += 1;
      const token = await this.token.get();
      const response = await fetch(`${this.identityUrl}/people`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token ?? ''}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          kind: 'student',
          name: `故障学生${chineseNumber(index)}`,
          orgId: this.orgId,
          studentNo: `F${this.runId}${String(index).padStart(5, '0')}`,
          birthDate: '2015-09-01',
        }),
        signal: AbortSignal.timeout(10_000),
      }).catch(() => null);
      const failures = (this.failuresByPhase[this.phase] ??= { refused: 0, unanswered: 0, answers: [] });
      if (!response) {
        this.counts.unanswered += 1;
        failures.unanswered += 1;
      } else if (response.status === 201) {
        this.counts.created += 1;
        this.created.push(((await response.json()) as { id: string }).id);
      } else {
        this.counts.refused += 1;
        failures.refused += 1;
        if (failures.answers.length < 2)
          failures.answers.push(`${response.status} ${(await response.text()).slice(0, 200)}`);
      }
      await sleep(300);
    }
  }
}

/** 123 → 一二三: names of made-up people read as names. */
function chineseNumber(value: number): string {
  return [...String(value)].map((digit) => '零一二三四五六七八九'[Number(digit)]).join('');
}

/** A roster file (花名册) of students only, so applying it needs no Keycloak account. */
export function studentRoster(prefix: string, rows: number): Buffer {
  const lines = ['工号,学籍号,姓名,手机,邮箱,身份证号,出生日期,角色,部门'];
  for (let index = 0; index < rows; index += 1)
    lines.push(
      `,${prefix}${String(index).padStart(5, '0')},花名册学生${chineseNumber(index)},,,,2015-09-01,,`,
    );
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
