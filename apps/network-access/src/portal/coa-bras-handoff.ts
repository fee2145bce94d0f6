import { Attr, attribute, RadiusAttribute } from '../radius';
import { acceptAttributes } from '../access/access-policy';
import { DynamicAuthorizationClient } from '../disconnect/dynamic-authorization.client';
import type { BrasHandoff, HandoffOutcome, PortalAuthorization } from './bras-handoff';

/** RFC 5176 §3.5 Error-Cause values a BRAS may NAK with, named for the portal session record. */
const errorCauseNames: Record<number, string> = {
  401: 'Unsupported-Attribute',
  402: 'Missing-Attribute',
  403: 'NAS-Identification-Mismatch',
  404: 'Invalid-Request',
  405: 'Unsupported-Service',
  406: 'Unsupported-Extension',
  407: 'Invalid-Attribute-Value',
  501: 'Administratively-Prohibited',
  502: 'Request-Not-Routable',
  503: 'Session-Context-Not-Found',
  504: 'Session-Context-Not-Removable',
  505: 'Other-Proxy-Processing-Error',
  506: 'Resources-Unavailable',
  507: 'Request-Initiated',
  508: 'Multiple-Session-Selection-Unsupported',
};

/** The CoA-Request attributes of an authorization: session identification first, then the new authorization. */
export function coaAttributes(authorization: PortalAuthorization): RadiusAttribute[] {
  return [
    attribute.address(Attr.NasIpAddress, authorization.nas.ip),
    attribute.text(Attr.UserName, authorization.username),
    attribute.text(Attr.CallingStationId, authorization.macAddress),
    attribute.address(Attr.FramedIpAddress, authorization.ip),
    attribute.text(Attr.Class, `edubase-portal:${authorization.portalSessionId}`),
    ...acceptAttributes(authorization.vlan, authorization.sessionTimeout),
  ];
}

/** Hand-off as an RFC 5176 CoA-Request to the NAS's dynamic-authorization port, signed with its shared secret. */
export class CoaBrasHandoff implements BrasHandoff {
  readonly kind = 'coa' as const;

  constructor(private readonly client: DynamicAuthorizationClient) {}

  async authorize(authorization: PortalAuthorization): Promise<HandoffOutcome> {
    const { nas } = authorization;
    try {
      const outcome = await this.client.changeOfAuthorization(
        { ip: nas.ip, port: nas.coaPort, secret: nas.secret },
        coaAttributes(authorization),
      );
      if (outcome.result !== 'nak') return { result: outcome.result, detail: null };
      const cause = outcome.errorCause;
      return {
        result: 'nak',
        detail: cause === null ? null : `Error-Cause ${cause} ${errorCauseNames[cause] ?? ''}`.trim(),
      };
    } catch (error) {
      return { result: 'error', detail: (error as Error).message.slice(0, 200) };
    }
  }
}
