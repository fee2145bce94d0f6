import { Column, Entity, PrimaryColumn } from 'typeorm';

export interface ReconciliationChange {
  personId: string;
  staffNo: string;
  /** What was found wrong in Keycloak and put right. */
  repair:
    | 'user-created'
    | 'user-recreated'
    | 'user-enabled'
    | 'user-disabled'
    | 'roles-added'
    | 'roles-removed'
    | 'attributes-fixed'
    | 'group-fixed'
    | 'failed';
  detail: string;
}

/** One run of the Keycloak reconciliation job and what it changed. */
@Entity({ name: 'reconciliation_run' })
export class ReconciliationRun {
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
