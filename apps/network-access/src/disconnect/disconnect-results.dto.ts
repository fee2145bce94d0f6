import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsSchoolCode, OptionalField } from '@edubase/http';
import { integerFromString } from '@edubase/config';
import type { DisconnectAttemptEntity } from '../database/disconnect-attempt.entity';

export const DISCONNECT_RESULTS = ['ack', 'nak', 'timeout', 'unknown-nas'] as const;

export class DisconnectQueryDto {
  @ApiPropertyOptional({ description: '学校标识码; school network admins always see only their own school' })
  @OptionalField()
  @IsSchoolCode()
  schoolCode?: string;

  @ApiPropertyOptional({ description: 'Only the attempts for this person' })
  @OptionalField()
  @IsString()
  @MaxLength(64)
  personId?: string;

  @ApiPropertyOptional({ enum: DISCONNECT_RESULTS })
  @OptionalField()
  @IsIn(DISCONNECT_RESULTS)
  result?: (typeof DISCONNECT_RESULTS)[number];

  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @OptionalField()
  @Transform(integerFromString)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page?: number;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @OptionalField()
  @Transform(integerFromString)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;
}

export interface DisconnectAttemptView {
  id: string;
  sessionId: string;
  acctSessionId: string;
  personId: string | null;
  nasId: string;
  schoolCode: string | null;
  reason: string;
  requestedAt: string;
  result: string;
  errorCause: number | null;
  answeredAt: string | null;
}

export interface DisconnectAttemptPage {
  items: DisconnectAttemptView[];
  total: number;
  page: number;
  pageSize: number;
}

export function disconnectAttemptView(attempt: DisconnectAttemptEntity): DisconnectAttemptView {
  return {
    id: String(attempt.id),
    sessionId: String(attempt.sessionId),
    acctSessionId: attempt.acctSessionId,
    personId: attempt.personId,
    nasId: attempt.nasId,
    schoolCode: attempt.schoolCode,
    reason: attempt.reason,
    requestedAt: attempt.requestedAt.toISOString(),
    result: attempt.result,
    errorCause: attempt.errorCause,
    answeredAt: attempt.answeredAt?.toISOString() ?? null,
  };
}
