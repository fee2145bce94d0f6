import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsSchoolCode, NestedObjects, OptionalField, Page, PageQuery } from '@edubase/http';
import type { TerminalView } from '@edubase/contracts/api/netaccess';
import { sortValues } from '../shared/registry-listing';
import { TerminalEntity, TerminalType, terminalTypes } from '../database/terminal.entity';

const MAC_PATTERN = /^([0-9a-fA-F]{2}[-:]?){5}[0-9a-fA-F]{2}$/;

export class CreateTerminalDto {
  @ApiProperty({ example: 'AA:BB:CC:DD:EE:01' })
  @Matches(MAC_PATTERN, { message: 'macAddress must be a MAC address' })
  macAddress!: string;

  @ApiProperty({ example: '3101200001' })
  @IsSchoolCode()
  schoolCode!: string;

  @ApiProperty({ enum: terminalTypes })
  @IsIn(terminalTypes)
  type!: TerminalType;

  @ApiPropertyOptional({ example: '三楼打印机' })
  @OptionalField()
  @IsString()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional()
  @OptionalField()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  ownerPersonId?: string;

  @ApiPropertyOptional({ example: '统信UOS 20' })
  @OptionalField()
  @IsString()
  @MaxLength(100)
  operatingSystem?: string;

  @ApiPropertyOptional({ description: '信创 terminal' })
  @OptionalField()
  @IsBoolean()
  isDomestic?: boolean;

  @ApiPropertyOptional({ description: 'Device account name for CHAP' })
  @OptionalField()
  @Matches(/^[A-Za-z0-9._@-]{3,64}$/, { message: 'accountName must be 3-64 letters, digits or ._@-' })
  accountName?: string;

  @ApiPropertyOptional({ description: 'CHAP secret of the device account (never returned)' })
  @OptionalField()
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  chapSecret?: string;

  @ApiPropertyOptional()
  @OptionalField()
  @IsInt()
  @Min(1)
  @Max(4094)
  vlan?: number;
}

export class UpdateTerminalDto {
  @ApiPropertyOptional({ enum: terminalTypes })
  @OptionalField()
  @IsIn(terminalTypes)
  type?: TerminalType;

  @ApiPropertyOptional()
  @OptionalField()
  @IsString()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional()
  @OptionalField()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  ownerPersonId?: string;

  @ApiPropertyOptional()
  @OptionalField()
  @IsString()
  @MaxLength(100)
  operatingSystem?: string;

  @ApiPropertyOptional()
  @OptionalField()
  @IsBoolean()
  isDomestic?: boolean;

  @ApiPropertyOptional()
  @OptionalField()
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  chapSecret?: string;

  @ApiPropertyOptional()
  @OptionalField()
  @IsInt()
  @Min(1)
  @Max(4094)
  vlan?: number;

  @ApiPropertyOptional()
  @OptionalField()
  @IsBoolean()
  enabled?: boolean;
}

export class BulkImportTerminalsDto {
  @ApiProperty({ type: [CreateTerminalDto] })
  @NestedObjects(() => CreateTerminalDto, { min: 1, max: 5000 })
  terminals!: CreateTerminalDto[];
}

export const TERMINAL_SORTS = sortValues(['macAddress', 'name', 'type', 'schoolCode', 'createdAt']);

/**
 * Paged (`{items,total,page,pageSize}`) when the request names `page`; without it the list as a bare array
 * (at most 10,000), as before paging, the filters and `sort` applying to both.
 */
export class TerminalQueryDto extends PageQuery {
  @ApiPropertyOptional()
  @OptionalField()
  @IsSchoolCode()
  schoolCode?: string;

  @ApiPropertyOptional({ description: 'Prefix of the MAC address (any separator) or the name' })
  @OptionalField()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: terminalTypes })
  @OptionalField()
  @IsIn(terminalTypes)
  type?: TerminalType;

  @ApiPropertyOptional({ description: 'Only 信创 terminals (true) or only the others (false)' })
  @OptionalField()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  isDomestic?: boolean;

  @ApiPropertyOptional({ enum: TERMINAL_SORTS, description: '`field` ascending, `-field` descending' })
  @OptionalField()
  @IsIn(TERMINAL_SORTS)
  sort?: string;
}

export type { TerminalView } from '@edubase/contracts/api/netaccess';
export type TerminalPage = Page<TerminalView>;

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
