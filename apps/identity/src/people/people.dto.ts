import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { roleNameSchema, type RoleName } from '@edubase/contracts';
import { PageQuery } from '../shared/paging';
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
  @IsOptional()
  @Matches(staffNoPattern, { message: 'staffNo must be 2-32 letters, digits, dots, dashes or underscores' })
  staffNo?: string;

  @ApiPropertyOptional({ example: 'G310120201303010025', description: '学籍号, required for students' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9]{6,32}$/, { message: 'studentNo must be 6-32 letters or digits' })
  studentNo?: string;

  @ApiPropertyOptional({ example: '13812345678' })
  @IsOptional()
  @Matches(/^1[3-9]\d{9}$/, { message: 'mobile must be an 11-digit mainland mobile number' })
  mobile?: string;

  @ApiPropertyOptional({ example: 'wanglh@fxedu.example.cn' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '310120198506150031', description: '身份证号 (check digit verified)' })
  @IsOptional()
  @IsIdCardNo()
  idCardNo?: string;

  @ApiPropertyOptional({ example: '2013-03-01', description: 'Required for students' })
  @IsOptional()
  @Matches(datePattern, { message: 'birthDate must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'birthDate must be a real calendar date' })
  birthDate?: string;
}

export class UpdatePersonDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @Matches(/^1[3-9]\d{9}$/, { message: 'mobile must be an 11-digit mainland mobile number' })
  mobile?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsIdCardNo()
  idCardNo?: string;

  @ApiPropertyOptional()
  @IsOptional()
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
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ example: '3101200001' })
  @IsOptional()
  @Matches(/^\d{10}$/, { message: 'schoolCode must be a 10-digit 学校标识码' })
  schoolCode?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  orgId?: string;

  @ApiPropertyOptional({ enum: personKinds })
  @IsOptional()
  @IsIn(personKinds)
  kind?: PersonKind;

  @ApiPropertyOptional({ enum: personStatuses })
  @IsOptional()
  @IsIn(personStatuses)
  status?: PersonStatus;

  @ApiPropertyOptional({ enum: roleNameSchema.options, description: 'Holds this role (active grants)' })
  @IsOptional()
  @IsIn(roleNameSchema.options)
  role?: RoleName;

  @ApiPropertyOptional({ description: 'Only people flagged dormant (沉睡账号)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  dormant?: boolean;
}
