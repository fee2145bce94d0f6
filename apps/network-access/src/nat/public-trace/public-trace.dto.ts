import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsIP, IsISO8601, Max, Min } from 'class-validator';
import { CaseReasonDto, TraceAnswer } from '../../trace/trace.dto';

export class TraceByPublicQuery extends CaseReasonDto {
  @ApiProperty({ example: '202.121.1.10', description: 'Public source address the request names' })
  @IsIP('4')
  ip!: string;

  @ApiProperty({ example: 20345, description: 'Public source port' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  port!: number;

  @ApiProperty({ example: '2026-12-05T10:00:30+08:00', description: 'The moment in question' })
  @IsISO8601({ strict: true })
  at!: string;
}

/** The NAT hop: the firewall's log line that put the inside address behind the public ip:port. */
export interface NatTranslationEvidence {
  /** A per-session translation, or a port block allocated to the inside address. */
  kind: 'session' | 'port-block';
  insideIp: string;
  insidePort: number | null;
  publicIp: string;
  publicPort: number | null;
  portStart: number | null;
  portEnd: number | null;
  loggedAt: string;
  endedAt: string | null;
  device: string;
  vendor: string;
  /** The log line as the firewall sent it. */
  line: string;
}

/** public ip:port at a time → NAT log line → inside address → RADIUS session(s) → person. */
export interface PublicTrace {
  query: { ip: string; port: number; at: string };
  translation: NatTranslationEvidence | null;
  /** The sessions that had the inside address at that moment, with their person (masked for the caller). */
  sessions: TraceAnswer[];
}
