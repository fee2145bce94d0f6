import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, Matches } from 'class-validator';
import { IsSchoolCode, OptionalField } from '@edubase/http';
import { roleNameSchema, type RoleName } from '@edubase/contracts';
import type { RoleScope } from './role-grant.entity';

export class GrantRoleDto {
  @ApiProperty({ enum: roleNameSchema.options })
  @IsIn(roleNameSchema.options)
  role!: RoleName;

  @ApiProperty({ enum: ['school', 'district'] })
  @IsIn(['school', 'district'])
  scope!: RoleScope;

  @ApiPropertyOptional({
    example: '3101200001',
    description: 'School of a school-scoped role; defaults to the person’s',
  })
  @OptionalField()
  @IsSchoolCode()
  schoolCode?: string;

  @ApiPropertyOptional({
    example: '2027-06-30',
    description: 'Last day the role holds; required for contractor-ops',
  })
  @OptionalField()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'endsAt must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'endsAt must be a real calendar date' })
  endsAt?: string;
}
