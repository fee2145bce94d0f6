import type { NetworkAccessConfig } from '../network-access.config';
import { ssoCheckAvoidedTally, ssoCheckTally, Tally } from '../server/radius-metrics';
import { PasswordVerifierCache } from './password-verifier-cache';
import { RejectedPasswordCache } from './rejected-password-cache';
import { SsoAdmission, SsoFailureLimiter, SsoFailureLimits } from './sso-failure-limiter';
import { SsoPasswordClient, SsoVerdict } from './sso-password.client';

/** What the gate says of a password that was not in the verifier cache. */
export type GateVerdict = 'valid' | 'invalid' | 'known-wrong' | 'rate-limited' | 'unavailable';

export interface SsoPasswordGateOptions {
  verifierTtlMs: number;
  rejectedTtlMs: number;
  limits: SsoFailureLimits;
}

/** The gate's figures from the service configuration. */
export function ssoGateOptions(config: NetworkAccessConfig): SsoPasswordGateOptions {
  return {
    verifierTtlMs: config.VERIFIER_CACHE_TTL_SECONDS * 1000,
    rejectedTtlMs: config.SSO_REJECTED_PASSWORD_TTL_SECONDS * 1000,
    limits: {
      userFailureBudget: config.SSO_USER_FAILURE_BUDGET,
      failureWindowMs: config.SSO_FAILURE_WINDOW_SECONDS * 1000,
      userBackoffBaseMs: config.SSO_USER_BACKOFF_BASE_MS,
      userBackoffMaxMs: config.SSO_USER_BACKOFF_MAX_SECONDS * 1000,
      nasFailureBurst: config.SSO_NAS_FAILURE_BURST,
      nasFailuresPerMinute: config.SSO_NAS_FAILURES_PER_MINUTE,
      nasBackoffBaseMs: config.SSO_NAS_BACKOFF_BASE_SECONDS * 1000,
      nasBackoffMaxMs: config.SSO_NAS_BACKOFF_MAX_SECONDS * 1000,
    },
  };
}

const checked: Record<SsoVerdict, Tally> = {
  valid: ssoCheckTally('valid'),
  invalid: ssoCheckTally('invalid'),
  unavailable: ssoCheckTally('unavailable'),
};
const avoided: Record<Exclude<SsoAdmission, 'admitted'> | 'known-wrong', Tally> = {
  'known-wrong': ssoCheckAvoidedTally('known-wrong'),
  'user-limited': ssoCheckAvoidedTally('user-limited'),
  'nas-limited': ssoCheckAvoidedTally('nas-limited'),
  'sso-cooling': ssoCheckAvoidedTally('sso-cooling'),
};

/**
 * Everything between a PAP password and Keycloak: the verifier cache (accepted passwords), the rejected
 * password cache (refused ones), the failure limiter, and one shared round trip per (person, password) in
 * flight. Only a password that passes all of them costs a Keycloak password grant — and a possible entry
 * in its brute-force count.
 */
export class SsoPasswordGate {
  private readonly verifiers: PasswordVerifierCache;
  private readonly rejected: RejectedPasswordCache;
  private readonly limiter: SsoFailureLimiter;
  /** The check out per person (the limiter allows one): its password, shared by the same one arriving. */
  private readonly pendingChecks = new Map<string, { password: Buffer; verdict: Promise<SsoVerdict> }>();

  constructor(
    private readonly sso: SsoPasswordClient,
    options: SsoPasswordGateOptions,
  ) {
    this.verifiers = new PasswordVerifierCache(options.verifierTtlMs);
    this.rejected = new RejectedPasswordCache(options.rejectedTtlMs);
    this.limiter = new SsoFailureLimiter(options.limits);
  }

  /**
   * Keycloak accepted this very password a short while ago. Checked before the limiter on purpose: it
   * costs Keycloak nothing, so it cannot add to a lock, and someone typing wrong passwords for a person
   * must not shut out the person's own devices.
   */
  knownGood(personId: string, password: Buffer): boolean {
    return this.verifiers.matches(personId, password);
  }

  /** Decides a password that is not `knownGood`; `text` is `password` decoded, as Keycloak receives it. */
  check(
    personId: string,
    staffNo: string,
    nasId: string,
    password: Buffer,
    text: string,
  ): GateVerdict | Promise<GateVerdict> {
    const now = Date.now();
    if (this.rejected.matches(personId, password, now)) {
      avoided['known-wrong'].count += 1;
      return 'known-wrong';
    }
    // The same password already on its way (two devices, a retry with a new authenticator): share it.
    const pending = this.pendingChecks.get(personId);
    if (pending?.password.equals(password)) return pending.verdict;
    const admission = this.limiter.admit(personId, nasId, now);
    if (admission !== 'admitted') {
      avoided[admission].count += 1;
      return admission === 'sso-cooling' ? 'unavailable' : 'rate-limited';
    }
    const entry = { password, verdict: this.sso.verify(staffNo, text) };
    entry.verdict = entry.verdict
      .catch((): SsoVerdict => 'unavailable')
      .then((settled) => {
        if (this.pendingChecks.get(personId) === entry) this.pendingChecks.delete(personId);
        checked[settled].count += 1;
        this.limiter.settle(personId, nasId, settled, Date.now());
        if (settled === 'valid') this.verifiers.remember(personId, password);
        if (settled === 'invalid') this.rejected.remember(personId, password);
        return settled;
      });
    this.pendingChecks.set(personId, entry);
    return entry.verdict;
  }

  /** Identity said the person is no longer active: their remembered password must not open anything. */
  forgetVerifier(personId: string): void {
    this.verifiers.forget(personId);
  }

  /**
   * The person's password changed: neither the old password nor the ones refused before may be judged
   * from memory. Keycloak keeps its failure count across a password change, so the limiter does too.
   */
  forgetPasswords(personId: string): void {
    this.verifiers.forget(personId);
    this.rejected.forget(personId);
  }
}
