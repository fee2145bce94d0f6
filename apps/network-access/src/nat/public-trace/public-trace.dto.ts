import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsIP, IsISO8601, Max, Min } from 'class-validator';
import { CaseReasonDto } from '../../trace/trace.dto';

export type { NatTranslationEvidence, PublicTrace } from '@edubase/contracts/api/netaccess';

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
