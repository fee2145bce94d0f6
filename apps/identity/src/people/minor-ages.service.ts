import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { systemActor, type ChangeActor } from '@edubase/auth';
import { DataSource, In } from 'typeorm';
import { runExclusively } from '../reconciliation/run-exclusively';
import { Clock } from '../shared/clock';
import { IdentityEvents } from '../shared/identity-events';
import { ADULT_AGE, bornOnOrBefore, minorCategory, SENSITIVE_MINOR_AGE } from './minor-rule';
import { Person } from './person.entity';

export interface MinorRecomputeReport {
  /** The Shanghai day the ages were computed for. */
  today: string;
  /** People whose category changed (a birthday crossed 14 or 18), each announced as an update. */
  changed: { personId: string; from: Person['minor']; to: Person['minor'] }[];
}

/** People per transaction: each change is its own event, so a run that fails half-way resumes cleanly. */
const BATCH = 500;

/**
 * 未成年人 as birthdays pass: a writer sets `person.minor` with the birth date; this job moves it on the
 * days people turn 14 or 18 (on the service's Clock, so tests can move time) and announces each change as
 * `identity.person.updated.v1`, so the cockpit's and other consumers' projections follow.
 */
@Injectable()
export class MinorAgesService {
  private readonly logger = new Logger(MinorAgesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: IdentityEvents,
    private readonly clock: Clock,
  ) {}

  recompute(actor: ChangeActor = systemActor('identity-minor-ages')): Promise<MinorRecomputeReport> {
    return runExclusively(this.dataSource, 'edubase_identity_minor_ages', () => this.recomputeNow(actor));
  }

  private async recomputeNow(actor: ChangeActor): Promise<MinorRecomputeReport> {
    const today = this.clock.today();
    const under14After = bornOnOrBefore(today, SENSITIVE_MINOR_AGE);
    const under18After = bornOnOrBefore(today, ADULT_AGE);
    // The stored category against the one of today, in SQL: only the people whose band changed are read.
    const stale = (await this.dataSource.query(
      `SELECT id FROM person WHERE NOT (minor <=> CASE
         WHEN birth_date IS NULL THEN NULL
         WHEN birth_date > ? THEN 'under-14'
         WHEN birth_date > ? THEN 'under-18'
         ELSE NULL END)
       ORDER BY id`,
      [under14After, under18After],
    )) as { id: string }[];
    const report: MinorRecomputeReport = { today, changed: [] };
    for (let start = 0; start < stale.length; start += BATCH) {
      const ids = stale.slice(start, start + BATCH).map((row) => row.id);
      await this.dataSource.transaction(async (manager) => {
        const people = await manager.find(Person, {
          where: { id: In(ids) },
          lock: { mode: 'pessimistic_write' },
        });
        const changed: Person[] = [];
        for (const person of people) {
          const minor = minorCategory(person.birthDate, today);
          if (minor === person.minor) continue; // changed by a writer since the read
          report.changed.push({ personId: person.id, from: person.minor, to: minor });
          await manager.update(Person, { id: person.id }, { minor });
          changed.push({ ...person, minor });
        }
        if (changed.length > 0) await this.events.peopleChanged(manager, changed, false, actor);
      });
    }
    if (report.changed.length > 0)
      this.logger.log(`minor ages for ${today}: ${report.changed.length} people changed band`);
    return report;
  }
}
