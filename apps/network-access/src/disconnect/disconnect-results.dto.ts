import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { IsSchoolCode, OptionalField, Page, PageQuery } from '@edubase/http';
import type { DisconnectAttemptView } from '@edubase/contracts/api/netaccess';
import type { DisconnectAttemptEntity } from '../database/disconnect-attempt.entity';

export const DISCONNECT_RESULTS = ['ack', 'nak', 'timeout', 'unknown-nas'] as const;

export class DisconnectQueryDto extends PageQuery {
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

  /** Disconnect results are read in longer pages than the platform's default. */
  override pageSize = 50;
}

export type { DisconnectAttemptView } from '@edubase/contracts/api/netaccess';
export type DisconnectAttemptPage = Page<DisconnectAttemptView>;

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
