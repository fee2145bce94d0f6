import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsString, MaxLength, MinLength } from 'class-validator';
import { IsSchoolCode, OptionalField, PageQuery } from '@edubase/http';

export class TraceAuditQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Lookups made at or after (default: 30 days before `to`)' })
  @OptionalField()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Lookups made before (default: now)' })
  @OptionalField()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ description: 'Username of the person who looked up', example: 'security.officer' })
  @OptionalField()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  actor?: string;

  @ApiPropertyOptional({
    description: '学校标识码: lookups made through that school’s grants',
    example: '3101200001',
  })
  @OptionalField()
  @IsSchoolCode()
  schoolCode?: string;
}

export type { TraceAuditEntry } from '@edubase/contracts/api/netaccess';
