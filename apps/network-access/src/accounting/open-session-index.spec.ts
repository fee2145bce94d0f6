import { OpenSessionIndex } from './open-session-index';
import type { SessionRow } from './session-store';

function session(id: string, overrides: Partial<SessionRow> = {}): SessionRow {
  const at = new Date('2026-11-02T08:00:00Z');
  return {
    id,
    startedAt: at,
    acctSessionId: `acct-${id}`,
    nasId: 'nas-1',
    nasIp: '10.0.0.1',
    schoolCode: '3101200001',
    username: 'T0001',
    personId: null,
    terminalId: null,
    macAddress: null,
    nasPort: null,
    framedIp: null,
    stoppedAt: null,
    lastUpdateAt: at,
    interimInterval: null,
    inputOctets: 0,
    outputOctets: 0,
    sessionTime: 0,
    terminateCause: null,
    ...overrides,
  };
}

describe('OpenSessionIndex', () => {
  it('hands out copies, so merging into one changes nothing until it is remembered again', () => {
    const index = new OpenSessionIndex(10);
    const written = session('1');
    index.remember('k1', written);
    written.inputOctets = 99; // the ledger's own object, after commit
    const copy = index.checkout('k1')!;
    expect(copy.inputOctets).toBe(0);
    copy.inputOctets = 500;
    expect(index.checkout('k1')!.inputOctets).toBe(0);
    index.remember('k1', copy);
    expect(index.checkout('k1')!.inputOctets).toBe(500);
  });

  it('keeps only open sessions that have an id', () => {
    const index = new OpenSessionIndex(10);
    index.remember('k1', session('1'));
    index.remember('k1', session('1', { stoppedAt: new Date('2026-11-02T09:00:00Z') }));
    index.remember('k2', session('2', { id: null }));
    expect(index.checkout('k1')).toBeUndefined();
    expect(index.checkout('k2')).toBeUndefined();
    expect(index.size).toBe(0);
  });

  it('evicts the session written longest ago beyond its capacity', () => {
    const index = new OpenSessionIndex(2);
    index.remember('k1', session('1'));
    index.remember('k2', session('2'));
    index.remember('k1', session('1', { sessionTime: 60 })); // k1 is now the youngest
    index.remember('k3', session('3'));
    expect(index.checkout('k2')).toBeUndefined();
    expect(index.checkout('k1')?.sessionTime).toBe(60);
    expect(index.checkout('k3')?.id).toBe('3');
    expect(index.size).toBe(2);
  });

  it('holds nothing with capacity 0, and forgets everything on clear', () => {
    const off = new OpenSessionIndex(0);
    off.remember('k1', session('1'));
    expect(off.size).toBe(0);
    const index = new OpenSessionIndex(5);
    index.remember('k1', session('1'));
    index.clear();
    expect(index.checkout('k1')).toBeUndefined();
  });
});
