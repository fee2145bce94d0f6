import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  assessmentDueStatuses,
  assessmentResults,
  classificationReviewStatuses,
  dataCategories,
  dataGrades,
  departureKinds,
  minorCategories,
  orgKinds,
  personKinds,
  personStatuses,
  piFlags,
  piLabels,
  rectificationStatuses,
  minorsAuditStatuses,
  checklistAnswers,
  rejectReasons,
  roleNames,
  schoolStages,
  sharingStatuses,
  terminalTypes,
} from '@edubase/contracts';
import {
  assessmentDueStatusLabels,
  assessmentResultLabels,
  classificationReviewStatusLabels,
  dataCategoryLabels,
  dataCategoryText,
  dataGradeText,
  minorsAuditStatusLabels,
  checklistAnswerLabels,
  dataGradeLabels,
  departureKindLabels,
  labelOf,
  minorCategoryLabels,
  orgKindLabels,
  personKindLabels,
  personStatusLabels,
  piFlagLabels,
  piLabelLabels,
  rectificationStatusLabels,
  rejectReasonLabels,
  roleLabels,
  schoolStageLabels,
  sharingStatusLabels,
  terminalTypeLabels,
} from './zh-cn';

/** The labelled tables of docs/glossary.md: `## 角色 — \`RoleName\`, \`roleLabels\`` then `| 中文 | \`id\` | … |`. */
function glossaryTables(): Map<string, Record<string, string>> {
  const glossary = readFileSync(path.join(__dirname, '../../../../docs/glossary.md'), 'utf8');
  const tables = new Map<string, Record<string, string>>();
  let current: Record<string, string> | null = null;
  for (const line of glossary.split('\n')) {
    const heading = /^## .*`(\w+Labels)`/.exec(line);
    if (line.startsWith('## ')) current = heading ? {} : null;
    if (heading) tables.set(heading[1]!, current!);
    const row = /^\| ([^|`]+?) +\| `([a-z0-9_-]+)` +\|/.exec(line);
    if (current && row) current[row[2]!] = row[1]!;
  }
  return tables;
}

describe('zh-CN labels', () => {
  it.each([
    ['roles', roleNames, roleLabels],
    ['school stages', schoolStages, schoolStageLabels],
    ['org kinds', orgKinds, orgKindLabels],
    ['person kinds', personKinds, personKindLabels],
    ['staff statuses', personStatuses, personStatusLabels.staff],
    ['student statuses', personStatuses, personStatusLabels.student],
    ['reject reasons', rejectReasons, rejectReasonLabels],
    ['assessment results', assessmentResults, assessmentResultLabels],
    ['rectification statuses', rectificationStatuses, rectificationStatusLabels],
    ['minors audit statuses', minorsAuditStatuses, minorsAuditStatusLabels],
    ['checklist answers', checklistAnswers, checklistAnswerLabels],
    ['data grades', dataGrades, dataGradeLabels],
    ['data categories', dataCategories, dataCategoryLabels],
    ['departure kinds', departureKinds, departureKindLabels],
    ['minor categories', minorCategories, minorCategoryLabels],
    ['terminal types', terminalTypes, terminalTypeLabels],
    ['assessment due statuses', assessmentDueStatuses, assessmentDueStatusLabels],
    ['PI flags', piFlags, piFlagLabels],
    ['PI detection labels', piLabels, piLabelLabels],
    ['classification review statuses', classificationReviewStatuses, classificationReviewStatusLabels],
    ['sharing statuses', sharingStatuses, sharingStatusLabels],
  ] as const)('name every one of the %s, each differently, in Chinese', (_, values, labels) => {
    expect(Object.keys(labels).sort()).toEqual([...values].sort());
    const words = Object.values(labels);
    expect(new Set(words).size).toBe(words.length);
    for (const word of words) expect(word).toMatch(/^[\u4e00-\u9fff]+$/);
  });

  it('uses the glossary terms where the apps used to differ', () => {
    expect(roleLabels['district-admin']).toBe('区级管理员');
    expect(schoolStageLabels.vocational).toBe('中职');
  });

  it('are the words of docs/glossary.md, table by table', () => {
    const staffAndStudent = (labels: typeof personStatusLabels) =>
      Object.fromEntries(
        Object.keys(labels.staff).map((status) => [
          status,
          `${labels.staff[status as keyof typeof labels.staff]} / ${labels.student[status as keyof typeof labels.student]}`,
        ]),
      );
    const tables = glossaryTables();
    expect(Object.fromEntries(tables)).toEqual({
      roleLabels,
      schoolStageLabels,
      orgKindLabels,
      personKindLabels,
      personStatusLabels: staffAndStudent(personStatusLabels),
      rejectReasonLabels,
      assessmentResultLabels,
      rectificationStatusLabels,
      minorsAuditStatusLabels,
      checklistAnswerLabels,
      dataGradeLabels,
      dataCategoryLabels,
      departureKindLabels,
      minorCategoryLabels,
      terminalTypeLabels,
      assessmentDueStatusLabels,
      piFlagLabels,
      piLabelLabels,
      classificationReviewStatusLabels,
      sharingStatusLabels,
    });
  });

  it('shows an identifier it has no label for as it is', () => {
    expect(labelOf(roleLabels, 'teacher')).toBe('教师');
    expect(labelOf(roleLabels, 'inspector')).toBe('inspector');
    expect(labelOf(roleLabels, 'toString')).toBe('toString');
  });

  it('names a grade or category not set yet', () => {
    expect(dataGradeText('core')).toBe('核心数据');
    expect(dataGradeText(null)).toBe('未定级');
    expect(dataCategoryText(null)).toBe('未分类');
    expect(dataCategoryText('student')).toBe(dataCategoryLabels.student);
  });
});
