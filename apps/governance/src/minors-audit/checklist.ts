import type { ChecklistItem } from './minors-audit.entities';

/**
 * The annual audit's checklist (未成年人网络保护条例 Art. 37 asks for the audit; the items follow 《儿童个人信息
 * 网络保护规定》 and PIPL Arts. 6, 19, 31, 51, 55): each answered 是/否/不适用 before the audit is completed.
 */
export const MINORS_CHECKLIST: readonly { key: string; question: string; basis: string }[] = [
  {
    key: 'rules',
    question: '已制定专门的未成年人个人信息处理规则和用户协议',
    basis: '《儿童个人信息网络保护规定》第八条',
  },
  {
    key: 'officer',
    question: '已指定未成年人个人信息保护专人或负责人',
    basis: '《儿童个人信息网络保护规定》第八条',
  },
  {
    key: 'consent',
    question: '处理不满十四周岁未成年人个人信息已取得其父母或其他监护人同意',
    basis: '《个人信息保护法》第三十一条',
  },
  {
    key: 'necessity',
    question: '仅收集、使用履行教育教学职责所必需的未成年人个人信息',
    basis: '《个人信息保护法》第六条',
  },
  {
    key: 'access',
    question: '按最小授权原则设定工作人员访问权限，并记录访问行为',
    basis: '《儿童个人信息网络保护规定》第十五条',
  },
  {
    key: 'retention',
    question: '存储期限不超过实现目的所必需的期限，到期删除或匿名化',
    basis: '《个人信息保护法》第十九条',
  },
  {
    key: 'security',
    question: '对未成年人个人信息采取加密、去标识化等安全技术措施',
    basis: '《个人信息保护法》第五十一条',
  },
  {
    key: 'sharing',
    question: '委托处理、向第三方提供前已进行安全评估并签订协议',
    basis: '《儿童个人信息网络保护规定》第十六条、第十七条',
  },
  {
    key: 'impact',
    question: '处理敏感个人信息前已进行个人信息保护影响评估',
    basis: '《个人信息保护法》第五十五条',
  },
  {
    key: 'incident',
    question: '已制定个人信息安全事件应急预案并组织演练',
    basis: '《个人信息保护法》第五十一条',
  },
];

export const CHECKLIST_KEYS = new Set(MINORS_CHECKLIST.map((item) => item.key));

export const emptyChecklist = (): ChecklistItem[] =>
  MINORS_CHECKLIST.map((item) => ({ key: item.key, answer: null, note: null }));

/** The problems that keep an audit from being completed: unanswered items, datasets without a retention. */
export function completionProblems(
  checklist: readonly ChecklistItem[],
  datasets: readonly { name: string; retention: string | null }[],
): { field: 'checklist' | 'retention'; reason: string }[] {
  const problems: { field: 'checklist' | 'retention'; reason: string }[] = [];
  const unanswered = MINORS_CHECKLIST.filter(
    (item) => !checklist.some((answer) => answer.key === item.key && answer.answer !== null),
  ).map((item) => item.key);
  if (unanswered.length > 0)
    problems.push({ field: 'checklist', reason: `unanswered: ${unanswered.join(', ')}` });
  const noRetention = datasets.filter((dataset) => !dataset.retention).map((dataset) => dataset.name);
  if (noRetention.length > 0)
    problems.push({ field: 'retention', reason: `no retention stated for ${noRetention.join(', ')}` });
  return problems;
}

/** The answers as the checklist's order, with the new ones merged in; unknown keys are the caller's 400. */
export function mergeAnswers(
  current: readonly ChecklistItem[],
  answers: readonly ChecklistItem[],
): ChecklistItem[] {
  const byKey = new Map(current.map((item) => [item.key, item]));
  for (const answer of answers) byKey.set(answer.key, answer);
  return MINORS_CHECKLIST.map((item) => byKey.get(item.key) ?? { key: item.key, answer: null, note: null });
}
