import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { IsSchoolCode, NullableField, OptionalField, PageQuery } from '@edubase/http';
import { roleNameSchema, type RoleName } from '@edubase/contracts';
import { IsPersonName } from './person-name';
import { IsIdCardNo } from './id-card';
import {
  DepartureKind,
  departureKinds,
  PersonKind,
  personKinds,
  PersonStatus,
  personStatuses,
} from './person.entity';

const staffNoPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{1,31}$/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class CreatePersonDto {
  @ApiProperty({ enum: personKinds })
  @IsIn(personKinds)
  kind!: PersonKind;

  @ApiProperty({ example: '王丽华' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  @IsPersonName()
  name!: string;

  @ApiProperty({
    description: 'The unit the person belongs to: a school, a department, the bureau or a centre',
  })
  @IsUUID()
  orgId!: string;

  @ApiPropertyOptional({
    example: 'T3101200001001',
    description: '工号, required for staff; the SSO username',
  })
  @OptionalField()
  @Matches(staffNoPattern, { message: 'staffNo must be 2-32 letters, digits, dots, dashes or underscores' })
  staffNo?: string;

  @ApiPropertyOptional({ example: 'G310120201303010025', description: '学籍号, required for students' })
  @OptionalField()
  @Matches(/^[A-Za-z0-9]{6,32}$/, { message: 'studentNo must be 6-32 letters or digits' })
  studentNo?: string;

  @ApiPropertyOptional({ example: '13812345678' })
  @OptionalField()
  @Matches(/^1[3-9]\d{9}$/, { message: 'mobile must be an 11-digit mainland mobile number' })
  mobile?: string;

  @ApiPropertyOptional({ example: 'wanglh@fxedu.example.cn' })
  @OptionalField()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '310120198506150031', description: '身份证号 (check digit verified)' })
  @OptionalField()
  @IsIdCardNo()
  idCardNo?: string;

  @ApiPropertyOptional({ example: '2013-03-01', description: 'Required for students' })
  @OptionalField()
  @Matches(datePattern, { message: 'birthDate must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'birthDate must be a real calendar date' })
  birthDate?: string;
}

export class UpdatePersonDto {
  @ApiPropertyOptional()
  @OptionalField()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  @IsPersonName()
  name?: string;

  @ApiPropertyOptional({ nullable: true })
  @NullableField()
  @Matches(/^1[3-9]\d{9}$/, { message: 'mobile must be an 11-digit mainland mobile number' })
  mobile?: string;

  @ApiPropertyOptional()
  @OptionalField()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional()
  @OptionalField()
  @IsIdCardNo()
  idCardNo?: string;

  @ApiPropertyOptional()
  @OptionalField()
  @Matches(datePattern, { message: 'birthDate must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'birthDate must be a real calendar date' })
  birthDate?: string;
}

export class MovePersonDto {
  @ApiProperty({ description: 'The unit (school or department) the person moves to' })
  @IsUUID()
  orgId!: string;
}

export class SuspendPersonDto {
  @ApiProperty({ example: '停职调查' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;

  @ApiProperty({ example: '2026-09-01' })
  @Matches(datePattern, { message: 'effectiveDate must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'effectiveDate must be a real calendar date' })
  effectiveDate!: string;
}

export class DepartPersonDto extends SuspendPersonDto {
  @ApiProperty({ enum: departureKinds, description: 'resigned 离职, transferred 调出, graduated 毕业' })
  @IsIn(departureKinds)
  departureKind!: DepartureKind;
}

export class PersonSearchQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Name, 工号 or 学籍号 prefix' })
  @OptionalField()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ example: '3101200001' })
  @OptionalField()
  @IsSchoolCode()
  schoolCode?: string;

  @ApiPropertyOptional()
  @OptionalField()
  @IsUUID()
  orgId?: string;

  @ApiPropertyOptional({ enum: personKinds })
  @OptionalField()
  @IsIn(personKinds)
  kind?: PersonKind;

  @ApiPropertyOptional({ enum: personStatuses })
  @OptionalField()
  @IsIn(personStatuses)
  status?: PersonStatus;

  @ApiPropertyOptional({ enum: roleNameSchema.options, description: 'Holds this role (active grants)' })
  @OptionalField()
  @IsIn(roleNameSchema.options)
  role?: RoleName;

  @ApiPropertyOptional({ description: 'Only people flagged dormant (沉睡账号)' })
  @OptionalField()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  dormant?: boolean;
}
