import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsSchoolCode, OptionalField } from '@edubase/http';
import { orgKindLabels } from '@edubase/labels';
import { OrgKind, orgKinds, SchoolStage, schoolStages } from './org-unit.entity';

export class CreateOrgDto {
  @ApiProperty({
    enum: orgKinds,
    description: orgKinds.map((kind) => `${kind} ${orgKindLabels[kind]}`).join(', '),
  })
  @IsIn(orgKinds)
  kind!: OrgKind;

  @ApiProperty({ example: '上海市奉贤区实验小学' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ description: 'Parent unit; required for everything but the district itself' })
  @OptionalField()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ example: '3101200001', description: '学校标识码, schools only' })
  @OptionalField()
  @IsSchoolCode()
  schoolCode?: string;

  @ApiPropertyOptional({ enum: schoolStages, description: '学段, schools only' })
  @OptionalField()
  @IsIn(schoolStages)
  stage?: SchoolStage;

  @ApiPropertyOptional({ example: '上海市奉贤区南桥镇解放东路 1 号' })
  @OptionalField()
  @IsString()
  @MaxLength(300)
  address?: string;
}

export class UpdateOrgDto {
  @ApiPropertyOptional({ description: 'A rename keeps the old name in the unit history' })
  @OptionalField()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: schoolStages })
  @OptionalField()
  @IsIn(schoolStages)
  stage?: SchoolStage;

  @ApiPropertyOptional()
  @OptionalField()
  @IsString()
  @MaxLength(300)
  address?: string;
}

export class MoveOrgDto {
  @ApiProperty({ description: 'The new parent unit' })
  @IsUUID()
  parentId!: string;
}

export type { OrgTreeNode } from '@edubase/contracts/api/identity';
