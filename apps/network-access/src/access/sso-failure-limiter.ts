import type { SsoVerdict } from './sso-password.client';

/**
 * Figures of the limiter. Defaults (network-access.config.ts) are derived from the realm's brute-force
 * settings: Keycloak locks an account when two failures come within quickLoginCheckMilliSeconds, or when
 * failureFactor failures pile up with no gap longer than maxDeltaTimeSeconds between them.
 */
export interface SsoFailureLimits {
  /** Keycloak-checked failures one person may cause from here before new passwords wait for the window. */
  userFailureBudget: number;
  /** Keycloak's maxDeltaTimeSeconds: a failure this long after the previous one starts a new count. */
  failureWindowMs: number;
  /** Wait after a person's first failure, doubled after each further one; above quickLoginCheckMilliSeconds. */
  userBackoffBaseMs: number;
  userBackoffMaxMs: number;
  /** Failures a NAS may run up at once, and how many per minute it earns back. */
  nasFailureBurst: number;
  nasFailuresPerMinute: number;
  /** Hold of a NAS whose allowance ran out, doubled on each hold that follows soon after the last. */
  nasBackoffBaseMs: number;
  nasBackoffMaxMs: number;
}

/** Whether a password may be put to Keycloak now, and if not, why. */
export type SsoAdmission = 'admitted' | 'user-limited' | 'nas-limited' | 'sso-cooling';

interface UserFailures {
  /** Failures in Keycloak's current count, as far as this instance caused them. */
  failures: number;
  lastFailureAt: number;
  /** No check before this: the back-off after the last failure. */
  notBefore: number;
  /** Keycloak did not answer the last check; it may still have counted it, so keep the quick-login gap. */
  coolingUntil: number;
  /** A check is out: its outcome is unknown, so no second password goes out beside it. */
  checking: boolean;
}

interface NasAllowance {
  tokens: number;
  refilledAt: number;
  heldUntil: number;
  /** Holds in a row; the next one lasts base × 2^level. */
  level: number;
}

/**
 * RADIUS's own failure limiter in front of the SSO password check, so that RADIUS is never what locks a
 * person's SSO account: per person, checks are serialised, spaced by an exponential back-off wider than
 * Keycloak's quick-login window, and capped below failureFactor within Keycloak's window; per NAS, failures
 * are drawn from a token bucket and a NAS that runs it dry is held off with an exponential back-off.
 * State is per process (see the README for several instances). Time is passed in, for tests.
 */
export class SsoFailureLimiter {
  private readonly users = new Map<string, UserFailures>();
  private readonly nases = new Map<string, NasAllowance>();

  constructor(
    private readonly limits: SsoFailureLimits,
    private readonly maxUsers = 200_000,
  ) {}

  /** Admits one check of `personId`'s password from `nasId`; an admitted check must be `settle`d. */
  admit(personId: string, nasId: string, now: number): SsoAdmission {
    const user = this.userState(personId, now);
    if (user) {
      if (user.checking || now < user.notBefore) return 'user-limited';
      if (user.failures >= this.limits.userFailureBudget) return 'user-limited';
      if (now < user.coolingUntil) return 'sso-cooling';
    }
    const nas = this.nasState(nasId, now);
    if (now < nas.heldUntil) return 'nas-limited';
    if (nas.tokens < 1) {
      this.hold(nas, now);
      return 'nas-limited';
    }
    const entry = user ?? this.newUser(personId);
    entry.checking = true;
    return 'admitted';
  }

  settle(personId: string, nasId: string, verdict: SsoVerdict, now: number): void {
    const user = this.users.get(personId);
    if (verdict === 'valid') {
      // Keycloak clears its count on a successful login.
      this.users.delete(personId);
      return;
    }
    const entry = user ?? this.newUser(personId);
    entry.checking = false;
    if (verdict === 'unavailable') {
      entry.coolingUntil = now + this.limits.userBackoffBaseMs;
      return;
    }
    entry.failures += 1;
    entry.lastFailureAt = now;
    entry.notBefore =
      now + this.backoff(this.limits.userBackoffBaseMs, entry.failures - 1, this.limits.userBackoffMaxMs);
    const nas = this.nasState(nasId, now);
    nas.tokens -= 1;
  }

  /** Forgets a person's failures (their password was changed or Keycloak's count was cleared). */
  forget(personId: string): void {
    const user = this.users.get(personId);
    if (user && !user.checking) this.users.delete(personId);
  }

  /** When a new password of this person may next be checked, for logs and tests; undefined: now. */
  heldUntil(personId: string, now: number): number | undefined {
    const user = this.userState(personId, now);
    if (!user) return undefined;
    if (user.failures >= this.limits.userFailureBudget)
      return user.lastFailureAt + this.limits.failureWindowMs;
    return user.notBefore > now ? user.notBefore : undefined;
  }

  get trackedUsers(): number {
    return this.users.size;
  }

  private userState(personId: string, now: number): UserFailures | undefined {
    const user = this.users.get(personId);
    if (!user || user.checking) return user;
    // Past Keycloak's window its count starts again at the next failure; so does ours.
    const spent =
      user.failures > 0 ? now - user.lastFailureAt > this.limits.failureWindowMs : now >= user.coolingUntil;
    if (spent) {
      this.users.delete(personId);
      return undefined;
    }
    return user;
  }

  private newUser(personId: string): UserFailures {
    if (this.users.size >= this.maxUsers) {
      // The oldest entry goes first: Map iteration order is insertion order.
      const oldest = this.users.keys().next();
      if (!oldest.done) this.users.delete(oldest.value);
    }
    const user: UserFailures = {
      failures: 0,
      lastFailureAt: 0,
      notBefore: 0,
      coolingUntil: 0,
      checking: false,
    };
    this.users.set(personId, user);
    return user;
  }

  private nasState(nasId: string, now: number): NasAllowance {
    let nas = this.nases.get(nasId);
    if (!nas) {
      nas = { tokens: this.limits.nasFailureBurst, refilledAt: now, heldUntil: 0, level: 0 };
      this.nases.set(nasId, nas);
      return nas;
    }
    const earned = (Math.max(0, now - nas.refilledAt) / 60_000) * this.limits.nasFailuresPerMinute;
    nas.tokens = Math.min(this.limits.nasFailureBurst, nas.tokens + earned);
    nas.refilledAt = now;
    return nas;
  }

  private hold(nas: NasAllowance, now: number): void {
    // A NAS quiet for a whole maximum hold since its last one starts again from the base.
    if (nas.heldUntil > 0 && now - nas.heldUntil > this.limits.nasBackoffMaxMs) nas.level = 0;
    nas.heldUntil = now + this.backoff(this.limits.nasBackoffBaseMs, nas.level, this.limits.nasBackoffMaxMs);
    nas.level += 1;
  }

  private backoff(baseMs: number, doublings: number, maxMs: number): number {
    return Math.min(baseMs * 2 ** Math.min(doublings, 30), maxMs);
  }
}
