import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsSchoolCode, OptionalField, PageQuery } from '@edubase/http';
import type { InformationSystem } from './information-system.entity';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class CreateInformationSystemDto {
  @ApiProperty({ example: '3101200001', description: '学校标识码' })
  @IsSchoolCode()
  schoolCode!: string;

  @ApiProperty({ example: '示例' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;
}

export class InformationSystemQueryDto extends PageQuery {
  @ApiPropertyOptional({ description: '学校标识码; school staff see their own schools only' })
  @OptionalField()
  @IsSchoolCode()
  schoolCode?: string;
}

export interface InformationSystemView {
  id: string;
  schoolCode: string;
  name: string;
  createdAt: string;
}

export function informationSystemView(row: InformationSystem): InformationSystemView {
  return { id: row.id, schoolCode: row.schoolCode, name: row.name, createdAt: row.createdAt.toISOString() };
}
