import { PendingPortalLogin, pkceChallenge, PortalStateSealer, randomToken } from './portal-state';

const login: PendingPortalLogin = {
  verifier: randomToken(),
  nonce: randomToken(),
  macAddress: 'aa-bb-cc-dd-ee-ff',
  ip: '10.31.12.45',
  nasIp: '10.31.0.1',
  expiresAt: 2_000_000_000_000,
};

describe('PortalStateSealer', () => {
  it('opens what it sealed, and the sealed text reveals nothing of it', () => {
    const sealer = new PortalStateSealer('a-shared-portal-state-key-of-32-chars!');
    const state = sealer.seal(login);
    expect(state).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(state).not.toContain('10.31');
    expect(sealer.open(state, 1_000)).toEqual(login);
  });

  it('lets another instance with the same key open it, but not one with another key', () => {
    const state = new PortalStateSealer('a-shared-portal-state-key-of-32-chars!').seal(login);
    expect(new PortalStateSealer('a-shared-portal-state-key-of-32-chars!').open(state, 1_000)).toEqual(login);
    expect(
      new PortalStateSealer('another-portal-state-key-of-32-chars!!').open(state, 1_000),
    ).toBeUndefined();
    expect(new PortalStateSealer(undefined).open(state, 1_000)).toBeUndefined();
  });

  it('refuses an altered, truncated or expired state', () => {
    const sealer = new PortalStateSealer(undefined);
    const state = sealer.seal(login);
    const raw = Buffer.from(state, 'base64url');
    raw[raw.length - 1] ^= 0x01;
    expect(sealer.open(raw.toString('base64url'), 1_000)).toBeUndefined();
    expect(sealer.open(state.slice(0, 20), 1_000)).toBeUndefined();
    expect(sealer.open('', 1_000)).toBeUndefined();
    expect(sealer.open(state, login.expiresAt)).toBeUndefined();
  });
});

describe('pkceChallenge', () => {
  it('is the RFC 7636 appendix B example', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });
});
