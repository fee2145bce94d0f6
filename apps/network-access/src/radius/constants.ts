/** RADIUS packet codes (RFC 2865, 2866, 5176, 5997). */
export const RadiusCode = {
  AccessRequest: 1,
  AccessAccept: 2,
  AccessReject: 3,
  AccountingRequest: 4,
  AccountingResponse: 5,
  AccessChallenge: 11,
  StatusServer: 12,
  DisconnectRequest: 40,
  DisconnectAck: 41,
  DisconnectNak: 42,
  CoaRequest: 43,
  CoaAck: 44,
  CoaNak: 45,
} as const;
export type RadiusCode = (typeof RadiusCode)[keyof typeof RadiusCode];

const knownCodes = new Set<number>(Object.values(RadiusCode));
export function isKnownCode(code: number): code is RadiusCode {
  return knownCodes.has(code);
}

/** Attribute types this service reads or writes. */
export const Attr = {
  UserName: 1,
  UserPassword: 2,
  ChapPassword: 3,
  NasIpAddress: 4,
  NasPort: 5,
  ServiceType: 6,
  FramedProtocol: 7,
  FramedIpAddress: 8,
  FilterId: 11,
  ReplyMessage: 18,
  State: 24,
  Class: 25,
  VendorSpecific: 26,
  SessionTimeout: 27,
  IdleTimeout: 28,
  TerminationAction: 29,
  CalledStationId: 30,
  CallingStationId: 31,
  NasIdentifier: 32,
  ProxyState: 33,
  AcctStatusType: 40,
  AcctDelayTime: 41,
  AcctInputOctets: 42,
  AcctOutputOctets: 43,
  AcctSessionId: 44,
  AcctAuthentic: 45,
  AcctSessionTime: 46,
  AcctInputPackets: 47,
  AcctOutputPackets: 48,
  AcctTerminateCause: 49,
  AcctMultiSessionId: 50,
  AcctLinkCount: 51,
  AcctInputGigawords: 52,
  AcctOutputGigawords: 53,
  EventTimestamp: 55,
  ChapChallenge: 60,
  NasPortType: 61,
  PortLimit: 62,
  TunnelType: 64,
  TunnelMediumType: 65,
  ConnectInfo: 77,
  EapMessage: 79,
  MessageAuthenticator: 80,
  TunnelPrivateGroupId: 81,
  NasPortId: 87,
  AcctInterimInterval: 85,
  ErrorCause: 101,
} as const;

/** How an attribute's value is laid out; the decoder checks lengths against this. */
export type AttributeKind =
  | 'text'
  | 'string'
  | 'address'
  | 'integer'
  | 'time'
  | 'tagged-integer'
  | 'tagged-string'
  | 'user-password'
  | 'chap-password'
  | 'message-authenticator'
  | 'vsa';

export const attributeKinds: ReadonlyMap<number, AttributeKind> = new Map<number, AttributeKind>([
  [Attr.UserName, 'text'],
  [Attr.UserPassword, 'user-password'],
  [Attr.ChapPassword, 'chap-password'],
  [Attr.NasIpAddress, 'address'],
  [Attr.NasPort, 'integer'],
  [Attr.ServiceType, 'integer'],
  [Attr.FramedProtocol, 'integer'],
  [Attr.FramedIpAddress, 'address'],
  [Attr.FilterId, 'text'],
  [Attr.ReplyMessage, 'text'],
  [Attr.State, 'string'],
  [Attr.Class, 'string'],
  [Attr.VendorSpecific, 'vsa'],
  [Attr.SessionTimeout, 'integer'],
  [Attr.IdleTimeout, 'integer'],
  [Attr.TerminationAction, 'integer'],
  [Attr.CalledStationId, 'text'],
  [Attr.CallingStationId, 'text'],
  [Attr.NasIdentifier, 'text'],
  [Attr.ProxyState, 'string'],
  [Attr.AcctStatusType, 'integer'],
  [Attr.AcctDelayTime, 'integer'],
  [Attr.AcctInputOctets, 'integer'],
  [Attr.AcctOutputOctets, 'integer'],
  [Attr.AcctSessionId, 'text'],
  [Attr.AcctAuthentic, 'integer'],
  [Attr.AcctSessionTime, 'integer'],
  [Attr.AcctInputPackets, 'integer'],
  [Attr.AcctOutputPackets, 'integer'],
  [Attr.AcctTerminateCause, 'integer'],
  [Attr.AcctMultiSessionId, 'text'],
  [Attr.AcctLinkCount, 'integer'],
  [Attr.AcctInputGigawords, 'integer'],
  [Attr.AcctOutputGigawords, 'integer'],
  [Attr.EventTimestamp, 'time'],
  [Attr.ChapChallenge, 'string'],
  [Attr.NasPortType, 'integer'],
  [Attr.PortLimit, 'integer'],
  [Attr.TunnelType, 'tagged-integer'],
  [Attr.TunnelMediumType, 'tagged-integer'],
  [Attr.ConnectInfo, 'text'],
  [Attr.EapMessage, 'string'],
  [Attr.MessageAuthenticator, 'message-authenticator'],
  [Attr.TunnelPrivateGroupId, 'tagged-string'],
  [Attr.AcctInterimInterval, 'integer'],
  [Attr.NasPortId, 'text'],
  [Attr.ErrorCause, 'integer'],
]);

/** Acct-Status-Type values (RFC 2866 §5.1). */
export const AcctStatus = {
  Start: 1,
  Stop: 2,
  InterimUpdate: 3,
  AccountingOn: 7,
  AccountingOff: 8,
} as const;

/** Acct-Terminate-Cause values (RFC 2866 §5.10), by the names stored on sessions. */
export const terminateCauseNames: ReadonlyMap<number, string> = new Map([
  [1, 'User-Request'],
  [2, 'Lost-Carrier'],
  [3, 'Lost-Service'],
  [4, 'Idle-Timeout'],
  [5, 'Session-Timeout'],
  [6, 'Admin-Reset'],
  [7, 'Admin-Reboot'],
  [8, 'Port-Error'],
  [9, 'NAS-Error'],
  [10, 'NAS-Request'],
  [11, 'NAS-Reboot'],
  [12, 'Port-Unneeded'],
  [13, 'Port-Preempted'],
  [14, 'Port-Suspended'],
  [15, 'Service-Unavailable'],
  [16, 'Callback'],
  [17, 'User-Error'],
  [18, 'Host-Request'],
]);

export const TunnelType = { Vlan: 13 } as const;
export const TunnelMediumType = { Ieee802: 6 } as const;
export const ServiceType = { Framed: 2, CallCheck: 10 } as const;

/** RFC 2865 §3: packets are 20..4096 octets. */
export const MIN_PACKET_LENGTH = 20;
export const MAX_PACKET_LENGTH = 4096;
export const AUTHENTICATOR_LENGTH = 16;
