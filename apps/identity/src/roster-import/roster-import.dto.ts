import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean } from 'class-validator';
import { IsSchoolCode, OptionalField } from '@edubase/http';

export class RosterImportQuery {
  @ApiPropertyOptional({
    example: '3101200001',
    description: 'School to import into (defaults to a school-admin’s own); rows may name it in 学校标识码',
  })
  @OptionalField()
  @IsSchoolCode()
  schoolCode?: string;

  @ApiPropertyOptional({ default: false, description: 'true: check every row and report, write nothing' })
  @OptionalField()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  dryRun?: boolean;
}
