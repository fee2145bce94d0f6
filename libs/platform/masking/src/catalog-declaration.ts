import type { DataCategory } from '@edubase/contracts';
import type { DataGrade, DatasetClassification, PersonalInfoKind } from './field-catalog';

/** A declared field as governance's catalog (数据目录) takes it over: its classification, PI flags included. */
export interface CatalogDeclaration {
  readonly grade: DataGrade;
  readonly category: DataCategory;
  /** 个人信息: the field has a `pi` label. */
  readonly personal: boolean;
  /** 敏感个人信息 (SENSITIVE_PI_KINDS), or a minor's PI. */
  readonly sensitive: boolean;
  /** 未成年人个人信息: a personal field of a dataset that holds minors' records (their name and 身份证号 too). */
  readonly minor: boolean;
}

/**
 * Kinds that are 敏感个人信息 whoever they belong to (GB/T 35273-2020 附录B, PIPL Art. 28): 身份证件号码 and
 * 银行账户. A name, phone number, e-mail, birth date, 学籍号 or device id is personal but not sensitive on
 * its own; a minor's is (PIPL Art. 28 for under-14s; the district treats 14-17 alike), which `minor` says.
 */
export const SENSITIVE_PI_KINDS: ReadonlySet<PersonalInfoKind> = new Set<PersonalInfoKind>([
  'id_card',
  'bank_card',
]);

/**
 * The one mapping from a service's declaration to the catalog's classification of the field: the grade is
 * the highest that applies (a field's minor grade, never lower than its grade, when the dataset holds minors'
 * records), minor ⊂ sensitive ⊂ personal as governance's flags are.
 */
export function catalogDeclarationOf<F extends string>(
  dataset: DatasetClassification<F>,
  field: F,
): CatalogDeclaration {
  const declared = dataset.fields[field];
  if (!declared) throw new Error(`${dataset.id}: no declaration for ${field}`);
  // Every personal field of a minor's record is 未成年人个人信息 (the annual audit must list the name and the
  // 身份证号 too); `minorGrade` only says how much higher such a field is graded.
  const minor = dataset.holdsMinors === true && declared.pi !== undefined;
  const sensitive = minor || (declared.pi !== undefined && SENSITIVE_PI_KINDS.has(declared.pi));
  return {
    grade: minor && declared.minorGrade !== undefined ? declared.minorGrade : declared.grade,
    category: declared.category ?? dataset.category ?? 'other',
    personal: declared.pi !== undefined,
    sensitive,
    minor,
  };
}
