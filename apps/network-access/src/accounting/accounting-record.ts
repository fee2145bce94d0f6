import {
  AcctStatus,
  addressAttribute,
  Attr,
  integerAttribute,
  octetCounter,
  RadiusPacket,
  terminateCauseNames,
  textAttribute,
} from '../radius';
import { normalizeMac } from '../shared/mac-address';

/** What an Accounting-Request says, in the terms the session table keeps. */
export interface AccountingRecord {
  statusType: number;
  acctSessionId: string;
  username: string;
  macAddress: string | null;
  nasPort: string | null;
  framedIp: string | null;
  /** When the event happened at the NAS: Event-Timestamp, else arrival minus Acct-Delay-Time. */
  eventAt: Date;
  sessionTime: number;
  inputOctets: number;
  outputOctets: number;
  terminateCause: string | null;
  interimInterval: number | null;
}

export function accountingRecordOf(packet: RadiusPacket, receivedAt: Date): AccountingRecord {
  const eventTimestamp = integerAttribute(packet, Attr.EventTimestamp);
  const delay = integerAttribute(packet, Attr.AcctDelayTime) ?? 0;
  const eventAt =
    eventTimestamp !== undefined
      ? new Date(eventTimestamp * 1000)
      : new Date(receivedAt.getTime() - delay * 1000);
  const nasPortId = textAttribute(packet, Attr.NasPortId);
  const nasPort = integerAttribute(packet, Attr.NasPort);
  const cause = integerAttribute(packet, Attr.AcctTerminateCause);
  return {
    statusType: integerAttribute(packet, Attr.AcctStatusType) ?? 0,
    acctSessionId: (textAttribute(packet, Attr.AcctSessionId) ?? '').slice(0, 64),
    username: (textAttribute(packet, Attr.UserName) ?? '').slice(0, 253),
    macAddress: normalizeMac(textAttribute(packet, Attr.CallingStationId) ?? '') ?? null,
    nasPort: (nasPortId ?? (nasPort === undefined ? null : String(nasPort)))?.slice(0, 64) ?? null,
    framedIp: addressAttribute(packet, Attr.FramedIpAddress) ?? null,
    eventAt,
    sessionTime: integerAttribute(packet, Attr.AcctSessionTime) ?? 0,
    inputOctets: octetCounter(packet, Attr.AcctInputOctets, Attr.AcctInputGigawords),
    outputOctets: octetCounter(packet, Attr.AcctOutputOctets, Attr.AcctOutputGigawords),
    terminateCause: cause === undefined ? null : (terminateCauseNames.get(cause) ?? `Cause-${cause}`),
    interimInterval: integerAttribute(packet, Attr.AcctInterimInterval) ?? null,
  };
}

export const sessionStatuses = new Set<number>([AcctStatus.Start, AcctStatus.InterimUpdate, AcctStatus.Stop]);
