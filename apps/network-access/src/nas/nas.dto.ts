import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsIP, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsSchoolCode, OptionalField, Page, PageQuery } from '@edubase/http';
import type { NasView } from '@edubase/contracts/api/netaccess';
import { sortValues } from '../shared/registry-listing';
import type { NasEntity } from '../database/nas.entity';

export class CreateNasDto {
  @ApiProperty({ example: '3101200001', description: '学校标识码' })
  @IsSchoolCode()
  schoolCode!: string;

  @ApiProperty({ example: '教学楼核心交换机' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiProperty({ example: '10.31.0.1', description: 'Source address of its RADIUS packets' })
  @IsIP('4')
  ip!: string;

  @ApiProperty({ description: 'RADIUS shared secret (at least 16 characters); never returned' })
  @IsString()
  @MinLength(16)
  @MaxLength(128)
  sharedSecret!: string;

  @ApiProperty({ example: 'huawei' })
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  vendor!: string;

  @ApiPropertyOptional({ example: 'S5735-L48T4X' })
  @OptionalField()
  @IsString()
  @MaxLength(100)
  model?: string;

  @ApiPropertyOptional({ example: '行政楼三层弱电间' })
  @OptionalField()
  @IsString()
  @MaxLength(200)
  location?: string;

  @ApiPropertyOptional({
    description: 'Drop Access-Requests without a valid Message-Authenticator (BlastRADIUS)',
  })
  @OptionalField()
  @IsBoolean()
  requireMessageAuthenticator?: boolean;

  @ApiPropertyOptional({ example: 3799 })
  @OptionalField()
  @IsInt()
  @Min(1)
  @Max(65535)
  coaPort?: number;
}

export class UpdateNasDto {
  @ApiPropertyOptional()
  @OptionalField()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional()
  @OptionalField()
  @IsIP('4')
  ip?: string;

  @ApiPropertyOptional()
  @OptionalField()
  @IsString()
  @MinLength(16)
  @MaxLength(128)
  sharedSecret?: string;

  @ApiPropertyOptional()
  @OptionalField()
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  vendor?: string;

  @ApiPropertyOptional()
  @OptionalField()
  @IsString()
  @MaxLength(100)
  model?: string;

  @ApiPropertyOptional()
  @OptionalField()
  @IsString()
  @MaxLength(200)
  location?: string;

  @ApiPropertyOptional()
  @OptionalField()
  @IsBoolean()
  requireMessageAuthenticator?: boolean;

  @ApiPropertyOptional()
  @OptionalField()
  @IsInt()
  @Min(1)
  @Max(65535)
  coaPort?: number;

  @ApiPropertyOptional()
  @OptionalField()
  @IsBoolean()
  enabled?: boolean;
}

export const NAS_SORTS = sortValues(['name', 'ip', 'vendor', 'schoolCode', 'createdAt']);

/**
 * Paged (`{items,total,page,pageSize}`) when the request names `page`; without it the whole list as a bare
 * array, as before paging (scripts and older callers), `q` and `sort` applying to both.
 */
export class NasQueryDto extends PageQuery {
  @ApiPropertyOptional()
  @OptionalField()
  @IsSchoolCode()
  schoolCode?: string;

  @ApiPropertyOptional({ description: 'Prefix of the name or the IP address' })
  @OptionalField()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: NAS_SORTS, description: '`field` ascending, `-field` descending' })
  @OptionalField()
  @IsIn(NAS_SORTS)
  sort?: string;
}

export type { NasView } from '@edubase/contracts/api/netaccess';
export type NasPage = Page<NasView>;

export function nasView(nas: NasEntity): NasView {
  return {
    id: nas.id,
    schoolCode: nas.schoolCode,
    name: nas.name,
    ip: nas.ip,
    vendor: nas.vendor,
    model: nas.model,
    location: nas.location,
    requireMessageAuthenticator: Boolean(nas.requireMessageAuthenticator),
    coaPort: nas.coaPort,
    enabled: Boolean(nas.enabled),
    createdAt: nas.createdAt.toISOString(),
    updatedAt: nas.updatedAt.toISOString(),
  };
}
