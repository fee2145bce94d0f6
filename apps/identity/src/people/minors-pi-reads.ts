import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditChain } from '@edubase/audit';
import { actorOf, type AuthenticatedUser } from '@edubase/auth';
import { PERSON_DATASET } from '../shared/data-classification';

/**
 * The fields whose reading in clear is a read of 未成年人个人信息 worth the chain: those a minor's record
 * grades up (`minorGrade`) and those that are core for anyone (the 身份证号). A name alone is not.
 */
export const MINORS_PI_FIELDS: readonly string[] = Object.entries(PERSON_DATASET.fields)
  .filter(([, field]) => field.minorGrade !== undefined || field.grade === 'core')
  .map(([name]) => name);

/** What a response shows of a person: the minor band, the protections, and the fields as shown. */
export interface ShownPerson {
  id: string;
  minor: string | null;
  schoolCode: string | null;
  protectedFields: Readonly<Record<string, string>>;
  [field: string]: unknown;
}

/** The minors among `shown` whose sensitive fields the caller received in clear, and which fields. */
export function minorsPiShown(shown: readonly ShownPerson[]): { people: ShownPerson[]; fields: string[] } {
  const fields = new Set<string>();
  const people = shown.filter((person) => {
    if (person.minor === null) return false;
    const inClear = MINORS_PI_FIELDS.filter(
      (field) => person[field] !== null && person[field] !== undefined && !person.protectedFields[field],
    );
    inClear.forEach((field) => fields.add(field));
    return inClear.length > 0;
  });
  return { people, fields: [...fields].sort() };
}

/** At most this many person ids in one entry's detail; the count is always whole. */
const IDS_PER_ENTRY = 200;

/**
 * Puts a read of minors' personal information on identity's audit chain (`person.read`), one entry per
 * response that showed any in clear: governance's annual minors' PI audit (未成年人网络保护条例 Art. 37)
 * lists who read it from these entries. Masked answers (a teacher's) and one's own record are not reads of
 * someone else's sensitive data and are not recorded.
 */
@Injectable()
export class MinorsPiReads {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AuditChain) private readonly chain: AuditChain,
  ) {}

  async record(user: AuthenticatedUser, shown: readonly ShownPerson[]): Promise<void> {
    const { people, fields } = minorsPiShown(shown);
    if (people.length === 0) return;
    const schools = new Set(people.map((person) => person.schoolCode));
    await this.dataSource.transaction((manager) =>
      this.chain.append(manager, [
        {
          actor: actorOf(user),
          action: 'person.read',
          subjectType: 'person',
          subjectId: people.length === 1 ? people[0]!.id : null,
          schoolCode: schools.size === 1 ? [...schools][0]! : null,
          detail: {
            minors: people.length,
            fields,
            personIds: people.slice(0, IDS_PER_ENTRY).map((person) => person.id),
          },
        },
      ]),
    );
  }
}
