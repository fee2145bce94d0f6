import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsString, MaxLength } from 'class-validator';
import { IsSchoolCode, OptionalField, PageQuery } from '@edubase/http';

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'person', description: 'org, person, role-grant, keycloak' })
  @OptionalField()
  @IsString()
  @MaxLength(32)
  entityType?: string;

  @ApiPropertyOptional()
  @OptionalField()
  @IsString()
  @MaxLength(64)
  entityId?: string;

  @ApiPropertyOptional({ example: '3101200001' })
  @OptionalField()
  @IsSchoolCode()
  schoolCode?: string;

  @ApiPropertyOptional({ example: 'person.depart' })
  @OptionalField()
  @IsString()
  @MaxLength(64)
  action?: string;

  @ApiPropertyOptional()
  @OptionalField()
  @IsString()
  @MaxLength(100)
  actorId?: string;

  @ApiPropertyOptional({ description: 'ISO 8601 time, inclusive' })
  @OptionalField()
  @IsISO8601()
  from?: string;

  @ApiPropertyOptional({ description: 'ISO 8601 time, exclusive' })
  @OptionalField()
  @IsISO8601()
  to?: string;
}
