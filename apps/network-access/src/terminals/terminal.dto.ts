import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { TerminalEntity, TerminalType, terminalTypes } from '../database/terminal.entity';
import { SCHOOL_CODE_PATTERN } from '../shared/school-code';

const MAC_PATTERN = /^([0-9a-fA-F]{2}[-:]?){5}[0-9a-fA-F]{2}$/;

export class CreateTerminalDto {
  @ApiProperty({ example: 'AA:BB:CC:DD:EE:01' })
  @Matches(MAC_PATTERN, { message: 'macAddress must be a MAC address' })
  macAddress!: string;

  @ApiProperty({ example: '3101200001' })
  @Matches(SCHOOL_CODE_PATTERN, { message: 'schoolCode must be a 10-digit 学校标识码' })
  schoolCode!: string;

  @ApiProperty({ enum: terminalTypes })
  @IsIn(terminalTypes)
  type!: TerminalType;

  @ApiPropertyOptional({ example: '三楼打印机' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  ownerPersonId?: string;

  @ApiPropertyOptional({ example: '统信UOS 20' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  operatingSystem?: string;

  @ApiPropertyOptional({ description: '信创 terminal' })
  @IsOptional()
  @IsBoolean()
  isDomestic?: boolean;

  @ApiPropertyOptional({ description: 'Device account name for CHAP' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._@-]{3,64}$/, { message: 'accountName must be 3-64 letters, digits or ._@-' })
  accountName?: string;

  @ApiPropertyOptional({ description: 'CHAP secret of the device account (never returned)' })
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  chapSecret?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(4094)
  vlan?: number;
}

export class UpdateTerminalDto {
  @ApiPropertyOptional({ enum: terminalTypes })
  @IsOptional()
  @IsIn(terminalTypes)
  type?: TerminalType;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  ownerPersonId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  operatingSystem?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  isDomestic?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  chapSecret?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(4094)
  vlan?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class BulkImportTerminalsDto {
  @ApiProperty({ type: [CreateTerminalDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  @ValidateNested({ each: true })
  @Type(() => CreateTerminalDto)
  terminals!: CreateTerminalDto[];
}

export class TerminalQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(SCHOOL_CODE_PATTERN, { message: 'schoolCode must be a 10-digit 学校标识码' })
  schoolCode?: string;
}

export interface TerminalView {
  id: string;
  macAddress: string;
  schoolCode: string;
  type: TerminalType;
  name: string | null;
  ownerPersonId: string | null;
  operatingSystem: string | null;
  isDomestic: boolean;
  accountName: string | null;
  hasChapSecret: boolean;
  vlan: number | null;
  enabled: boolean;
}

export function terminalView(terminal: TerminalEntity): TerminalView {
  return {
    id: terminal.id,
    macAddress: terminal.macAddress,
    schoolCode: terminal.schoolCode,
    type: terminal.type,
    name: terminal.name,
    ownerPersonId: terminal.ownerPersonId,
    operatingSystem: terminal.operatingSystem,
    isDomestic: Boolean(terminal.isDomestic),
    accountName: terminal.accountName,
    hasChapSecret: terminal.chapSecret !== null,
    vlan: terminal.vlan,
    enabled: Boolean(terminal.enabled),
  };
}
