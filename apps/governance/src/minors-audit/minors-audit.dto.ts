import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsUUID, Max, Min } from 'class-validator';
import { IsSchoolCode, NestedObjects, NullableField, OptionalField, PageQuery } from '@edubase/http';
import type { FindingView, MinorsAuditDetailView, MinorsAuditView } from '@edubase/contracts/api/governance';
import { IsCalendarDate, IsText } from '../common/input';
import {
  checklistAnswers,
  minorsAuditStatuses,
  rectificationStatuses,
  type ChecklistAnswer,
  type MinorsAuditStatus,
  type RectificationStatus,
} from '@edubase/contracts';
import type { ComplianceFinding, MinorsPiAudit } from './minors-audit.entities';
import { MINORS_CHECKLIST } from './checklist';

export type { FindingView, MinorsAuditDetailView, MinorsAuditView } from '@edubase/contracts/api/governance';

const ANSWERS = checklistAnswers;
const STATUSES = minorsAuditStatuses;
const FINDING_STATUSES = rectificationStatuses;

export class OpenMinorsAuditDto {
  @ApiProperty({ description: '信息系统 id' })
  @IsUUID()
  systemId!: string;

  @ApiProperty({ example: 2026, description: '审计年度 (calendar year, China time)' })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;
}

export class ChecklistAnswerDto {
  @ApiProperty({ enum: MINORS_CHECKLIST.map((item) => item.key) })
  @IsIn(MINORS_CHECKLIST.map((item) => item.key))
  key!: string;

  @ApiProperty({ enum: ANSWERS, nullable: true, description: '是 / 否 / 不适用; null clears' })
  @NullableField()
  @IsIn(ANSWERS)
  answer!: ChecklistAnswer | null;

  @ApiPropertyOptional({ nullable: true })
  @NullableField()
  @IsText(500)
  note?: string | null;
}

export class DatasetRetentionDto {
  @ApiProperty()
  @IsUUID()
  datasetId!: string;

  @ApiProperty({ example: '学生毕业后3年删除', description: '存储期限' })
  @IsText(200)
  retention!: string;
}

export class UpdateChecklistDto {
  @ApiPropertyOptional({ type: [ChecklistAnswerDto] })
  @OptionalField()
  @NestedObjects(() => ChecklistAnswerDto, { max: 50 })
  checklist?: ChecklistAnswerDto[];

  @ApiPropertyOptional({ type: [DatasetRetentionDto] })
  @OptionalField()
  @NestedObjects(() => DatasetRetentionDto, { max: 500 })
  retention?: DatasetRetentionDto[];
}

export class AddFindingDto {
  @ApiPropertyOptional({ enum: MINORS_CHECKLIST.map((item) => item.key), nullable: true })
  @NullableField()
  @IsIn(MINORS_CHECKLIST.map((item) => item.key))
  checklistKey?: string | null;

  @ApiProperty({ example: '学籍系统教师账号可查看全校学生身份证号' })
  @IsText(1000)
  description!: string;

  @ApiProperty({ example: '按任教班级收窄教师查询范围，身份证号脱敏显示' })
  @IsText(1000)
  rectification!: string;

  @ApiProperty({ example: '教务处', description: '整改责任人' })
  @IsText(100)
  owner!: string;

  @ApiProperty({ example: '2027-03-31', description: '整改期限' })
  @IsCalendarDate()
  dueOn!: string;
}

export class UpdateFindingDto {
  @ApiProperty({ enum: FINDING_STATUSES })
  @IsIn(FINDING_STATUSES)
  status!: RectificationStatus;
}

export class MinorsAuditQueryDto extends PageQuery {
  @ApiPropertyOptional({ description: '学校标识码; school staff see their own schools only' })
  @OptionalField()
  @IsSchoolCode()
  schoolCode?: string;

  @ApiPropertyOptional({ example: 2026 })
  @OptionalField()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ enum: STATUSES })
  @OptionalField()
  @IsIn(STATUSES)
  status?: MinorsAuditStatus;
}

export const findingView = (row: ComplianceFinding): FindingView => ({
  id: row.id,
  checklistKey: row.checklistKey,
  description: row.description,
  rectification: row.rectification,
  owner: row.owner,
  dueOn: row.dueOn,
  status: row.status,
  closedOn: row.closedOn,
});

export function minorsAuditView(
  row: MinorsPiAudit,
  systemName: string,
  findings: readonly ComplianceFinding[],
): MinorsAuditView {
  return {
    id: row.id,
    systemId: row.systemId,
    systemName,
    schoolCode: row.schoolCode,
    year: row.year,
    status: row.status,
    minorPiFields: row.datasets.reduce((sum, dataset) => sum + dataset.fields.length, 0),
    findings: findings.length,
    openFindings: findings.filter((finding) => finding.status === 'open').length,
    preparedAt: row.preparedAt.toISOString(),
    openedBy: row.openedBy,
    completedBy: row.completedBy,
    completedOn: row.completedOn,
  };
}

export function minorsAuditDetailView(
  row: MinorsPiAudit,
  systemName: string,
  findings: readonly ComplianceFinding[],
): MinorsAuditDetailView {
  return {
    ...minorsAuditView(row, systemName, findings),
    datasets: row.datasets,
    readers: row.readers,
    checklist: MINORS_CHECKLIST.map((item) => {
      const answer = row.checklist.find((entry) => entry.key === item.key);
      return { ...item, answer: answer?.answer ?? null, note: answer?.note ?? null };
    }),
    findingList: findings.map(findingView),
  };
}
