import type {
  EntityManager,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import { ProjectionBatch } from './projection-batch';

/** What one committed consumer transaction changed. */
export interface CommittedProjection {
  scopes: string[];
  events: number;
}

/**
 * Ties a ProjectionBatch to each consumer transaction. The messaging lib calls handlers one event at a
 * time inside one transaction per run of events; this subscriber writes the batch's folded upserts in
 * TypeORM's before-commit hook, i.e. still inside that transaction and after the lib recorded the
 * processed event ids, and reports the changed scopes once the commit succeeded.
 */
export class ProjectionTransactions implements EntitySubscriberInterface {
  private readonly batches = new WeakMap<QueryRunner, ProjectionBatch>();

  constructor(private readonly onCommitted: (committed: CommittedProjection) => void) {}

  batchOf(manager: EntityManager): ProjectionBatch {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive)
      throw new Error('projection steps must run inside the consumer transaction');
    let batch = this.batches.get(runner);
    if (!batch) {
      batch = new ProjectionBatch();
      this.batches.set(runner, batch);
    }
    return batch;
  }

  async beforeTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const batch = this.batches.get(event.queryRunner);
    if (batch && !batch.isEmpty) await batch.flush(event.queryRunner.manager);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const batch = this.batches.get(event.queryRunner);
    if (!batch) return;
    this.batches.delete(event.queryRunner);
    if (batch.eventCount > 0)
      this.onCommitted({ scopes: [...batch.changedScopes], events: batch.eventCount });
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    this.batches.delete(event.queryRunner);
  }
}
