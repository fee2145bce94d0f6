import type { RegisteredNas } from '../nas/nas-registry.service';

/** A device the portal has authorized, as the BRAS needs it (see docs/network-access/portal-bras-handoff.md). */
export interface PortalAuthorization {
  /** Our portal session id; echoed back by the BRAS in accounting as Class so the two records link up. */
  portalSessionId: string;
  /** 工号, the SSO username: the BRAS uses it as User-Name in its accounting. */
  username: string;
  personId: string;
  schoolCode: string;
  macAddress: string;
  ip: string;
  nas: RegisteredNas;
  /** VLAN by role, when one is configured for the person's roles. */
  vlan: number | undefined;
  sessionTimeout: number;
}

export type HandoffResult = 'ack' | 'nak' | 'timeout' | 'error';

export interface HandoffOutcome {
  result: HandoffResult;
  /** Error-Cause of a CoA-NAK, HTTP status, or the transport error. */
  detail: string | null;
}

/**
 * Hands a device the portal authorized to the BRAS that holds it in its pre-authentication (walled-garden)
 * state. Resolves with what the BRAS answered; never rejects.
 */
export interface BrasHandoff {
  readonly kind: 'coa' | 'http';
  authorize(authorization: PortalAuthorization): Promise<HandoffOutcome>;
}

/** Nest injection token of the configured BrasHandoff. */
export const BRAS_HANDOFF = Symbol('edubase:netaccess:bras-handoff');
