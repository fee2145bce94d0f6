import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type ChangeActor } from '@edubase/auth';
import { randomUUID } from 'node:crypto';
import { DataSource, MoreThan } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { KeycloakSyncService } from '../keycloak/keycloak-sync.service';
import { Person } from '../people/person.entity';
import { ReconciliationChange, ReconciliationRun } from './reconciliation-run.entity';
import { runExclusively } from './run-exclusively';

const batchSize = 200;
const parallelSyncs = 4;

/**
 * Repairs drift between identity (the master) and Keycloak: accounts deleted, disabled, re-enabled or
 * given other roles by hand. Every staff member's account is brought back to what identity says, and the
 * run records what it had to change.
 */
@Injectable()
export class ReconciliationService {
  private readonly logger = new Logger(ReconciliationService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sync: KeycloakSyncService,
    private readonly audit: AuditService,
  ) {}

  async run(trigger: ReconciliationRun['trigger'], actor: ChangeActor): Promise<ReconciliationRun> {
    return runExclusively(this.dataSource, 'edubase_identity_reconcile', async () => {
      const runs = this.dataSource.getRepository(ReconciliationRun);
      const run = runs.create({
        id: randomUUID(),
        trigger,
        startedAt: new Date(),
        finishedAt: null,
        peopleChecked: 0,
        changes: [],
      });
      await runs.insert(run);
      const changes: ReconciliationChange[] = [];
      let checked = 0;
      // Keyset paging by id: people created during the run are either seen or picked up next time.
      for (let afterId = ''; ;) {
        const page = await this.dataSource.getRepository(Person).find({
          select: { id: true },
          where: { kind: 'staff', id: MoreThan(afterId) },
          order: { id: 'ASC' },
          take: batchSize,
        });
        if (page.length === 0) break;
        for (let index = 0; index < page.length; index += parallelSyncs) {
          const outcomes = await Promise.all(
            page.slice(index, index + parallelSyncs).map((person) => this.sync.syncPerson(person.id)),
          );
          for (const outcome of outcomes) changes.push(...outcome.changes);
        }
        checked += page.length;
        afterId = page.at(-1)!.id;
      }
      run.finishedAt = new Date();
      run.peopleChecked = checked;
      run.changes = changes;
      await this.dataSource.transaction(async (manager) => {
        await manager.update(
          ReconciliationRun,
          { id: run.id },
          {
            finishedAt: run.finishedAt,
            peopleChecked: checked,
            changes,
          },
        );
        await this.audit.record(manager, {
          actor,
          action: 'keycloak.reconcile',
          entityType: 'keycloak',
          entityId: run.id,
          schoolCode: null,
          before: null,
          after: { trigger, peopleChecked: checked, changes },
        });
      });
      this.logger.log(`reconciliation ${run.id}: ${checked} staff checked, ${changes.length} repairs`);
      return run;
    });
  }

  async recentRuns(limit = 20): Promise<ReconciliationRun[]> {
    return this.dataSource
      .getRepository(ReconciliationRun)
      .find({ order: { startedAt: 'DESC' }, take: limit });
  }
}
