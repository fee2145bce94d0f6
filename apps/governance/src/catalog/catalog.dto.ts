import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsString, IsUUID, MaxLength } from 'class-validator';
import { dataCategories, dataGrades, type DataCategory, type DataGrade } from '@edubase/contracts';
import { IsSchoolCode, NestedObjects, NullableField, OptionalField, PageQuery } from '@edubase/http';
import type { DatasetView, FieldView, ReviewView } from '@edubase/contracts/api/governance';
import { IsText } from '../common/input';
import type { ClassificationReview, DataField, Dataset, ReviewStatus } from './catalog.entities';

export type {
  DatasetDetailView,
  DatasetView,
  FieldView,
  ReviewView,
} from '@edubase/contracts/api/governance';

export class FieldInputDto {
  @ApiProperty({ example: 'id_card_no' })
  @IsText(128)
  name!: string;

  @ApiPropertyOptional({ example: 'varchar(18)' })
  @NullableField()
  @IsText(64)
  dataType?: string | null;

  @ApiPropertyOptional({ example: '身份证号' })
  @NullableField()
  @IsText(500)
  description?: string | null;
}

export class RegisterDatasetDto {
  @ApiProperty({ description: 'the information system holding it' })
  @IsUUID()
  systemId!: string;

  @ApiProperty({ example: 'student_roster' })
  @IsText(128)
  name!: string;

  @ApiPropertyOptional({ example: '学生花名册' })
  @NullableField()
  @IsText(200)
  title?: string | null;

  @ApiProperty({ type: [FieldInputDto] })
  @NestedObjects(() => FieldInputDto, { min: 1, max: 500 })
  fields!: FieldInputDto[];

  @ApiPropertyOptional({
    type: [String],
    description: 'datasets it is derived from; it takes their highest grade',
  })
  @OptionalField()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  derivedFrom?: string[];
}

export class ClassifyFieldDto {
  @ApiProperty({ enum: dataCategories, description: '数据分类' })
  @IsIn(dataCategories)
  category!: DataCategory;

  @ApiProperty({ enum: dataGrades, description: '数据分级: 一般/重要/核心 (GB/T 43697-2024)' })
  @IsIn(dataGrades)
  grade!: DataGrade;

  @ApiProperty({ description: '个人信息' })
  @IsBoolean()
  personal!: boolean;

  @ApiProperty({ description: '敏感个人信息 (implies 个人信息)' })
  @IsBoolean()
  sensitive!: boolean;

  @ApiProperty({ description: '未成年人个人信息 (implies 敏感个人信息)' })
  @IsBoolean()
  minor!: boolean;
}

export class ColumnSampleDto {
  @ApiProperty({ example: 'sfzh', description: 'a field of the dataset' })
  @IsText(128)
  column!: string;

  @ApiProperty({ type: [String], maxItems: 10_000 })
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsString({ each: true })
  @MaxLength(256, { each: true })
  values!: string[];
}

export class ScanDatasetDto {
  @ApiProperty({ type: [ColumnSampleDto] })
  @NestedObjects(() => ColumnSampleDto, { min: 1, max: 200 })
  columns!: ColumnSampleDto[];
}

export class DecideReviewDto {
  @ApiProperty({ enum: ['accepted', 'rejected'] })
  @IsIn(['accepted', 'rejected'])
  decision!: 'accepted' | 'rejected';

  @ApiPropertyOptional({
    enum: dataCategories,
    description: 'the category to record with an accepted suggestion',
  })
  @OptionalField()
  @IsIn(dataCategories)
  category?: DataCategory;
}

export class DatasetQueryDto extends PageQuery {
  @ApiPropertyOptional()
  @OptionalField()
  @IsUUID()
  systemId?: string;

  @ApiPropertyOptional({ description: '学校标识码' })
  @OptionalField()
  @IsSchoolCode()
  schoolCode?: string;
}

export class ReviewQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: ['pending', 'accepted', 'rejected'], default: 'pending' })
  @OptionalField()
  @IsIn(['pending', 'accepted', 'rejected'])
  status: ReviewStatus = 'pending';

  @ApiPropertyOptional({ description: '学校标识码' })
  @OptionalField()
  @IsSchoolCode()
  schoolCode?: string;
}

export const fieldView = (row: DataField): FieldView => ({
  id: row.id,
  name: row.name,
  dataType: row.dataType,
  description: row.description,
  category: row.category,
  grade: row.grade,
  personal: row.personal,
  sensitive: row.sensitive,
  minor: row.minor,
  classifiedAt: row.classifiedAt?.toISOString() ?? null,
  removedAt: row.removedAt?.toISOString() ?? null,
  classifiedBy: row.classifiedBy,
});

export const datasetView = (
  row: Dataset,
  counts: { fields: number; classifiedFields: number },
): DatasetView => ({
  id: row.id,
  systemId: row.systemId,
  schoolCode: row.schoolCode,
  name: row.name,
  title: row.title,
  origin: row.origin,
  grade: row.grade,
  ...counts,
});

export const reviewView = (
  row: ClassificationReview,
  names?: { datasetName: string; fieldName: string },
): ReviewView => ({
  id: row.id,
  datasetId: row.datasetId,
  fieldId: row.fieldId,
  ...(names ?? {}),
  schoolCode: row.schoolCode,
  detectedLabel: row.detectedLabel,
  confidence: row.confidence,
  suggested: {
    grade: row.suggestedGrade,
    personal: row.suggestedPersonal,
    sensitive: row.suggestedSensitive,
    minor: row.suggestedMinor,
  },
  status: row.status,
  decidedBy: row.decidedBy,
  decidedAt: row.decidedAt?.toISOString() ?? null,
});
