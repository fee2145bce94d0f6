import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { FieldError, invalidFields } from '@edubase/http';
import { PersonEntity } from '../database/person.entity';
import { SchoolEntity } from '../database/school.entity';

/** What a NAS or terminal registration names that must exist in identity; `at` prefixes its field names. */
export interface RegistrationReference {
  at: string;
  schoolCode: string;
  ownerPersonId?: string | null;
  /** The school of a stored terminal whose owner changes: only the owner is checked against it. */
  schoolStored?: boolean;
}

/**
 * Checks a registration's school and owner against this service's projection of identity's schools and
 * people (identity's tables are never read). The projection follows identity within seconds, so a school
 * or person created a moment ago may be refused once; the reason says so and a retry then succeeds.
 */
@Injectable()
export class RegistrationReferences {
  constructor(private readonly dataSource: DataSource) {}

  /** Refuses (400, one entry per field) unless every school is known and every owner belongs to it. */
  async assertKnown(references: readonly RegistrationReference[]): Promise<void> {
    const errors = await this.problems(references);
    if (errors.length > 0) throw invalidFields(errors);
  }

  async problems(references: readonly RegistrationReference[]): Promise<FieldError[]> {
    const schoolCodes = [...new Set(references.map((reference) => reference.schoolCode))];
    const ownerIds = [
      ...new Set(
        references.flatMap((reference) => (reference.ownerPersonId ? [reference.ownerPersonId] : [])),
      ),
    ];
    const schools = new Set(
      schoolCodes.length === 0
        ? []
        : (
            await this.dataSource.getRepository(SchoolEntity).find({
              where: { schoolCode: In(schoolCodes) },
              select: { schoolCode: true },
            })
          ).map((school) => school.schoolCode),
    );
    const owners = new Map(
      ownerIds.length === 0
        ? []
        : (
            await this.dataSource.getRepository(PersonEntity).find({
              where: { personId: In(ownerIds) },
              select: { personId: true, schoolCode: true, status: true },
            })
          ).map((person) => [person.personId, person] as const),
    );
    return references.flatMap((reference) => {
      const errors: FieldError[] = [];
      if (!reference.schoolStored && !schools.has(reference.schoolCode))
        errors.push({
          field: `${reference.at}schoolCode`,
          reason: `no school ${reference.schoolCode} is known (identity's schools reach network access within seconds: a school created just now can be retried shortly)`,
        });
      const ownerId = reference.ownerPersonId;
      if (ownerId) {
        const owner = owners.get(ownerId);
        const reason = !owner
          ? `no person ${ownerId} is known`
          : owner.status === 'departed'
            ? `person ${ownerId} has left (departed)`
            : owner.schoolCode !== reference.schoolCode
              ? `person ${ownerId} does not belong to school ${reference.schoolCode}`
              : null;
        if (reason) errors.push({ field: `${reference.at}ownerPersonId`, reason });
      }
      return errors;
    });
  }
}
