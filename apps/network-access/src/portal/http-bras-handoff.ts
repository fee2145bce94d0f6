import { createHmac } from 'node:crypto';
import type { BrasHandoff, HandoffOutcome, PortalAuthorization } from './bras-handoff';

export const SIGNATURE_HEADER = 'x-edubase-signature';
export const TIMESTAMP_HEADER = 'x-edubase-timestamp';

export interface HttpHandoffOptions {
  url: string;
  secret: string;
  timeoutMs: number;
}

/** The JSON body of the HTTP hand-off (documented in docs/network-access/portal-bras-handoff.md). */
export function handoffBody(authorization: PortalAuthorization): Record<string, unknown> {
  return {
    portalSessionId: authorization.portalSessionId,
    username: authorization.username,
    personId: authorization.personId,
    schoolCode: authorization.schoolCode,
    macAddress: authorization.macAddress,
    ip: authorization.ip,
    nasId: authorization.nas.id,
    nasIp: authorization.nas.ip,
    vlan: authorization.vlan ?? null,
    sessionTimeout: authorization.sessionTimeout,
  };
}

/** HMAC-SHA256 over `<timestamp>.<body>`, hex: the receiver recomputes it and refuses stale timestamps. */
export function handoffSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Hand-off as an HTTP POST to a BRAS or its controller (vendors' portal APIs differ; an adapter in front of
 * the BRAS translates). 2xx is an ACK, any other status a NAK; no answer in time is a timeout.
 */
export class HttpBrasHandoff implements BrasHandoff {
  readonly kind = 'http' as const;

  constructor(private readonly options: HttpHandoffOptions) {}

  async authorize(authorization: PortalAuthorization): Promise<HandoffOutcome> {
    const body = JSON.stringify(handoffBody(authorization));
    const timestamp = String(Math.floor(Date.now() / 1000));
    try {
      const response = await fetch(this.options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: handoffSignature(this.options.secret, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      await response.body?.cancel();
      return response.ok
        ? { result: 'ack', detail: null }
        : { result: 'nak', detail: `HTTP ${response.status}` };
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') return { result: 'timeout', detail: null };
      return { result: 'error', detail: (error as Error).message.slice(0, 200) };
    }
  }
}
