import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIP, IsISO8601, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { OptionalField } from '@edubase/http';

export class CaseReasonDto {
  @ApiProperty({
    description: '案由: the case or request this lookup serves; recorded in the audit log',
    example: '公安网安协查函 2026-017',
  })
  @IsString()
  @MinLength(4)
  @MaxLength(500)
  caseReason!: string;
}

export class TraceByIpQuery extends CaseReasonDto {
  @ApiProperty({ example: '10.31.12.45' })
  @IsIP('4')
  ip!: string;

  @ApiProperty({ example: '2026-03-02T09:30:00+08:00', description: 'The moment in question' })
  @IsISO8601({ strict: true })
  at!: string;
}

class RangeQuery extends CaseReasonDto {
  @ApiPropertyOptional({ description: 'Sessions started at or after (default: 30 days before `to`)' })
  @OptionalField()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Sessions started before (default: now)' })
  @OptionalField()
  @IsISO8601({ strict: true })
  to?: string;
}

export class TraceByMacQuery extends RangeQuery {
  @ApiProperty({ example: 'aa-bb-cc-dd-ee-ff' })
  @Matches(/^([0-9a-fA-F]{2}[-:]?){5}[0-9a-fA-F]{2}$/, { message: 'mac must be a MAC address' })
  mac!: string;
}

export class TraceByPersonQuery extends RangeQuery {}

export type { TraceAnswer, TracedSession } from '@edubase/contracts/api/netaccess';
