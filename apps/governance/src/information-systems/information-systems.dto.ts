import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import {
  assessmentResults,
  rectificationStatuses,
  type AssessmentResult,
  type RectificationStatus,
} from '@edubase/contracts';
import { IsSchoolCode, NestedObjects, NullableField, OptionalField, PageQuery } from '@edubase/http';
import type { AssessmentView, RectificationView, SystemView } from '@edubase/contracts/api/governance';
import { IsCalendarDate, IsText } from '../common/input';
import type { DueState, DueStatus } from './assessment-schedule';
import type { Assessment, RectificationItem } from './assessment.entity';
import type { InformationSystem } from './information-system.entity';

export type {
  AssessmentView,
  RectificationView,
  SystemDetailView,
  SystemView,
} from '@edubase/contracts/api/governance';

const LEVEL = { minimum: 1, maximum: 5, description: '定级: 1-5 (第一级 to 第五级)' };

/** Refused beyond 1-5 with a message naming the field (level 6 → 400 protectionLevel). */
const IsProtectionLevel = (): PropertyDecorator => (target, key) => {
  Type(() => Number)(target, key);
  IsInt()(target, key);
  Min(1)(target, key);
  Max(5)(target, key);
};

export class RegisterSystemDto {
  @ApiPropertyOptional({
    example: '3101200001',
    description: '学校标识码; null or absent: a district system',
  })
  @NullableField()
  @IsSchoolCode()
  schoolCode?: string | null;

  @ApiProperty({ example: '智慧教育云平台' })
  @IsText(200)
  name!: string;

  @ApiProperty({ example: '奉贤区教育学院教育信息技术中心', description: '责任单位' })
  @IsText(200)
  ownerUnit!: string;

  @ApiPropertyOptional({ description: '承建单位' })
  @NullableField()
  @IsText(200)
  contractor?: string | null;

  @ApiPropertyOptional(LEVEL)
  @NullableField()
  @IsProtectionLevel()
  protectionLevel?: number | null;

  @ApiPropertyOptional({ description: '备案编号' })
  @NullableField()
  @IsText(64)
  filingNumber?: string | null;

  @ApiPropertyOptional({ example: '2026-03-01', description: '备案日期' })
  @NullableField()
  @IsCalendarDate()
  filingDate?: string | null;
}

export class GradeSystemDto {
  @ApiProperty(LEVEL)
  @IsProtectionLevel()
  protectionLevel!: number;

  @ApiPropertyOptional({ description: '备案编号' })
  @NullableField()
  @IsText(64)
  filingNumber?: string | null;

  @ApiPropertyOptional({ description: '备案日期' })
  @NullableField()
  @IsCalendarDate()
  filingDate?: string | null;
}

export class RectificationInputDto {
  @ApiProperty({ example: '数据库审计日志保存不足六个月' })
  @IsText(500)
  description!: string;

  @ApiPropertyOptional({ example: '2027-03-31' })
  @NullableField()
  @IsCalendarDate()
  dueOn?: string | null;
}

export class RecordAssessmentDto {
  @ApiProperty({ example: '2026-11-20', description: '测评日期' })
  @IsCalendarDate()
  assessedOn!: string;

  @ApiProperty({ example: '上海市信息安全测评认证中心', description: '测评机构' })
  @IsText(200)
  body!: string;

  @ApiProperty({ enum: assessmentResults, description: '测评结论: 优/良/中/差' })
  @IsIn(assessmentResults)
  result!: AssessmentResult;

  @ApiPropertyOptional({ type: [RectificationInputDto], description: '整改项' })
  @OptionalField()
  @NestedObjects(() => RectificationInputDto, { max: 200 })
  rectifications?: RectificationInputDto[];
}

export class UpdateRectificationDto {
  @ApiProperty({ enum: rectificationStatuses })
  @IsIn(rectificationStatuses)
  status!: RectificationStatus;
}

const dueStatuses: readonly DueStatus[] = ['not-due', 'due-soon', 'overdue', 'not-required'];

export class SystemQueryDto extends PageQuery {
  @ApiPropertyOptional({ description: '学校标识码; school staff see their own schools only' })
  @OptionalField()
  @IsSchoolCode()
  schoolCode?: string;

  @ApiPropertyOptional(LEVEL)
  @OptionalField()
  @IsProtectionLevel()
  protectionLevel?: number;

  @ApiPropertyOptional({ enum: dueStatuses, description: '测评状态 today (overdue: 已逾期)' })
  @OptionalField()
  @IsIn(dueStatuses)
  dueStatus?: DueStatus;
}

export function systemView(row: InformationSystem, due: DueState, openRectifications: number): SystemView {
  return {
    id: row.id,
    schoolCode: row.schoolCode,
    name: row.name,
    ownerUnit: row.ownerUnit,
    contractor: row.contractor,
    protectionLevel: row.protectionLevel,
    filingNumber: row.filingNumber,
    filingDate: row.filingDate,
    registeredOn: row.registeredOn,
    lastAssessedOn: row.lastAssessedOn,
    assessmentBody: row.assessmentBody,
    assessmentResult: row.assessmentResult,
    nextAssessmentDue: row.nextAssessmentDue,
    due,
    openRectifications,
    createdAt: row.createdAt.toISOString(),
  };
}

export const assessmentView = (row: Assessment): AssessmentView => ({
  id: row.id,
  assessedOn: row.assessedOn,
  body: row.body,
  result: row.result,
  protectionLevel: row.protectionLevel,
});

export const rectificationView = (row: RectificationItem): RectificationView => ({
  id: row.id,
  assessmentId: row.assessmentId,
  description: row.description,
  dueOn: row.dueOn,
  status: row.status,
});
