import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ReconciliationChange, ReconciliationRunView } from '@edubase/contracts/api/identity';

export type { ReconciliationChange } from '@edubase/contracts/api/identity';

/** One run of the Keycloak reconciliation job and what it changed. */
@Entity({ name: 'reconciliation_run' })
export class ReconciliationRun implements ReconciliationRunView<Date> {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  trigger!: 'api' | 'schedule';

  @Column({ name: 'started_at', type: 'datetime', precision: 3 })
  startedAt!: Date;

  @Column({ name: 'finished_at', type: 'datetime', precision: 3, nullable: true })
  finishedAt!: Date | null;

  @Column({ name: 'people_checked', type: 'int', default: 0 })
  peopleChecked!: number;

  @Column({ type: 'json' })
  changes!: ReconciliationChange[];
}
