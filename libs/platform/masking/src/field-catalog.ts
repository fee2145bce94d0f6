import type { DataCategory, RoleName } from '@edubase/contracts';

/** 数据分级 (GB/T 43697-2024): 一般, 重要, 核心. */
export const dataGrades = ['general', 'important', 'core'] as const;
export type DataGrade = (typeof dataGrades)[number];

/**
 * Kinds of personal information (个人信息) a field may hold; the kind says how a masked value looks. The
 * first six are the labels governance's detector answers; the others are kinds the services hold.
 */
export const personalInfoKinds = [
  'id_card',
  'mobile',
  'student_no',
  'bank_card',
  'email',
  'name',
  'birth_date',
  'device_id',
] as const;
export type PersonalInfoKind = (typeof personalInfoKinds)[number];

/** One field's classification: its grade, the personal information it holds, and its grade for minors. */
export interface FieldClassification {
  readonly grade: DataGrade;
  readonly pi?: PersonalInfoKind;
  /**
   * The grade when the record is a minor's (未成年人个人信息, PIPL Art. 28: under-14s' PI is sensitive);
   * never lower than `grade`.
   */
  readonly minorGrade?: DataGrade;
  /** 数据分类 of this field when it differs from the dataset's (a 工号 in a dataset of students' records). */
  readonly category?: DataCategory;
}

/**
 * A service's declaration of one dataset's fields: data, not code, so governance's catalog takes the
 * declarations over: the service binds the dataset to its table(s) (`declaredDatasets` of ServiceModule) and
 * its start-up description carries each column's `catalogDeclarationOf`, applied to fields no person has
 * classified. `id` names the declaration in errors (`<service>.<dataset>`).
 */
export interface DatasetClassification<F extends string = string> {
  readonly id: string;
  /** 中文 name of the dataset, as the catalog shows it. */
  readonly title: string;
  /** 数据分类 of its fields, for the catalog; `other` when not said. */
  readonly category?: DataCategory;
  /**
   * The dataset holds minors' records (students'), so its fields with a `minorGrade` hold 未成年人个人信息
   * in the catalog, graded at that grade (就高从严).
   */
  readonly holdsMinors?: boolean;
  readonly fields: { readonly [K in F]: FieldClassification };
  /**
   * What a district system (client credentials) may see, by OAuth scope: systems have no roles, so the
   * service says which of its scopes clears which grade. A system without any of them sees only `general`.
   */
  readonly systemClearance?: Readonly<Record<string, DataGrade>>;
}

/**
 * The highest grade a role's holder sees unmasked, for the schools the grant reaches. Administrators
 * manage people's records (核心); the security officer investigates incidents and needs who was where
 * (重要), not identity documents; network administrators, teachers, leaders and researchers read
 * directories, devices and figures (一般), as does the auditor, who reviews who looked up what, not the
 * people looked up; contractors see no personal data at all.
 */
export const ROLE_CLEARANCE: Readonly<Record<RoleName, DataGrade | null>> = {
  'district-admin': 'core',
  'school-admin': 'core',
  'security-officer': 'important',
  'network-admin': 'general',
  leader: 'general',
  researcher: 'general',
  teacher: 'general',
  auditor: 'general',
  'contractor-ops': null,
};

export function gradeRank(grade: DataGrade): number {
  return dataGrades.indexOf(grade);
}

/** Declares a dataset, keeping its field names as a type so records are checked against them. */
export function defineDataset<F extends string>(dataset: DatasetClassification<F>): DatasetClassification<F> {
  for (const [field, classification] of Object.entries<FieldClassification>(dataset.fields))
    if (
      classification.minorGrade !== undefined &&
      gradeRank(classification.minorGrade) < gradeRank(classification.grade)
    )
      throw new Error(`${dataset.id}.${field}: minorGrade is lower than grade`);
  return dataset;
}
