import ExcelJS from 'exceljs';
import {
  checklistAnswerLabels,
  dataCategoryText,
  dataGradeText,
  labelOf,
  minorsAuditStatusLabels,
  rectificationStatusLabels,
} from '@edubase/labels';
import type { MinorsAuditDetailView } from './minors-audit.dto';

/** The report's tables, once: the XLSX sheets and the HTML sections are the same rows. */
interface ReportTable {
  title: string;
  header: string[];
  rows: (string | number)[][];
  /** Shown instead of an empty table. */
  empty: string;
}

const china = (iso: string) =>
  new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

export interface ReportContext {
  audit: MinorsAuditDetailView;
  ownerUnit: string;
  /** 学校 name or 区级 for district systems, as the heading shows it. */
  owner: string;
  generatedOn: string;
}

export function reportTitle({ audit }: ReportContext): string {
  return `${audit.systemName} ${audit.year}年度未成年人个人信息保护合规审计报告`;
}

function summary({ audit, ownerUnit, owner, generatedOn }: ReportContext): ReportTable {
  return {
    title: '一、审计概况',
    header: ['项目', '内容'],
    rows: [
      ['信息系统', audit.systemName],
      ['所属', owner],
      ['责任单位', ownerUnit],
      ['审计年度', `${audit.year}年1月1日至${audit.year}年12月31日`],
      ['审计状态', labelOf(minorsAuditStatusLabels, audit.status)],
      ['未成年人个人信息字段', audit.minorPiFields],
      ['发现问题 / 待整改', `${audit.findings} / ${audit.openFindings}`],
      ['审计人', audit.openedBy],
      ['完成人 / 完成日期', audit.completedBy ? `${audit.completedBy} / ${audit.completedOn}` : '—'],
      ['报告生成日期', generatedOn],
      ['依据', '《未成年人网络保护条例》第三十七条；《个人信息保护法》；《儿童个人信息网络保护规定》'],
    ],
    empty: '',
  };
}

function inventory({ audit }: ReportContext): ReportTable {
  return {
    title: '二、未成年人个人信息清单（来自数据目录）',
    header: ['数据集', '数据集名称', '数据集级别', '字段', '数据分类', '字段级别', '存储期限'],
    rows: audit.datasets.flatMap((dataset) =>
      dataset.fields.map((field) => [
        dataset.name,
        dataset.title ?? '',
        dataGradeText(dataset.grade),
        field.name,
        dataCategoryText(field.category),
        dataGradeText(field.grade),
        dataset.retention ?? '未填写',
      ]),
    ),
    empty: '数据目录中本系统没有标记为未成年人个人信息的字段。',
  };
}

function readers({ audit }: ReportContext): ReportTable {
  const source =
    audit.readers.source === 'audit-chain'
      ? `来自 ${audit.readers.service} 防篡改审计链`
      : (audit.readers.note ?? '无审计链记录');
  return {
    title: `三、个人信息访问情况（${source}）`,
    header: ['访问者', '类型', '操作', '次数', '首次', '最近'],
    rows: audit.readers.items.map((reader) => [
      reader.actorName ?? reader.actorId,
      reader.actorKind,
      reader.action,
      reader.reads,
      china(reader.firstAt),
      china(reader.lastAt),
    ]),
    empty: audit.readers.source === 'audit-chain' ? '本年度审计链中没有个人信息查阅记录。' : source,
  };
}

function checklist({ audit }: ReportContext): ReportTable {
  return {
    title: '四、合规检查项',
    header: ['序号', '检查项', '依据', '结论', '说明'],
    rows: audit.checklist.map((item, index) => [
      index + 1,
      item.question,
      item.basis,
      item.answer ? labelOf(checklistAnswerLabels, item.answer) : '未填写',
      item.note ?? '',
    ]),
    empty: '',
  };
}

function findings({ audit }: ReportContext): ReportTable {
  return {
    title: '五、发现问题与整改',
    header: ['序号', '问题', '整改措施', '责任人', '整改期限', '状态', '完成日期'],
    rows: audit.findingList.map((finding, index) => [
      index + 1,
      finding.description,
      finding.rectification,
      finding.owner,
      finding.dueOn,
      labelOf(rectificationStatusLabels, finding.status),
      finding.closedOn ?? '',
    ]),
    empty: '本次审计未发现问题。',
  };
}

const tables = (context: ReportContext): ReportTable[] => [
  summary(context),
  inventory(context),
  readers(context),
  checklist(context),
  findings(context),
];

/** The report as a workbook: one sheet per section, a bold header row (exceljs, as identity's roster files). */
export async function reportXlsx(context: ReportContext): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.title = reportTitle(context);
  for (const table of tables(context)) {
    const sheet = workbook.addWorksheet(
      table.title
        .replace(/^[一二三四五]、/, '')
        .replace(/[（(].*$/, '')
        .slice(0, 31),
    );
    sheet.addRow([table.title]).font = { bold: true, size: 13 };
    sheet.addRow(table.header).font = { bold: true };
    if (table.rows.length === 0 && table.empty) sheet.addRow([table.empty]);
    for (const row of table.rows) sheet.addRow(row);
    table.header.forEach((title, index) => {
      const widest = Math.max(title.length, ...table.rows.map((row) => String(row[index] ?? '').length));
      sheet.getColumn(index + 1).width = Math.min(60, Math.max(8, widest * 2 + 2));
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const escapeHtml = (value: string | number): string =>
  String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The report as a printable page (A4, Chinese), to print or save as PDF from the browser. */
export function reportHtml(context: ReportContext): string {
  const title = escapeHtml(reportTitle(context));
  const sections = tables(context)
    .map((table) => {
      const body =
        table.rows.length === 0 && table.empty
          ? `<p class="empty">${escapeHtml(table.empty)}</p>`
          : `<table><thead><tr>${table.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${table.rows
              .map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`)
              .join('')}</tbody></table>`;
      return `<section><h2>${escapeHtml(table.title)}</h2>${body}</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${title}</title>
<style>
  body { font-family: "Noto Serif CJK SC", "SimSun", "Songti SC", serif; color: #000; margin: 2em auto; max-width: 60em; }
  h1 { text-align: center; font-size: 20pt; margin-bottom: 0.2em; }
  .meta { text-align: center; color: #333; margin-bottom: 2em; }
  h2 { font-size: 14pt; border-bottom: 1px solid #000; padding-bottom: 0.2em; }
  table { width: 100%; border-collapse: collapse; font-size: 10.5pt; }
  th, td { border: 1px solid #000; padding: 4px 6px; vertical-align: top; text-align: left; }
  th { background: #eee; }
  .empty { font-style: italic; }
  .sign { margin-top: 3em; display: flex; justify-content: space-between; }
  @page { size: A4; margin: 20mm 18mm; }
  @media print {
    body { margin: 0; max-width: none; }
    section { break-inside: avoid-page; }
    tr { break-inside: avoid; }
    thead { display: table-header-group; }
    th { background: #eee !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  }
</style>
</head>
<body>
<h1>${title}</h1>
<p class="meta">${escapeHtml(context.owner)} · 生成于 ${escapeHtml(context.generatedOn)}</p>
${sections}
<div class="sign"><span>审计负责人（签字）：</span><span>单位（盖章）：</span><span>日期：</span></div>
</body>
</html>
`;
}
