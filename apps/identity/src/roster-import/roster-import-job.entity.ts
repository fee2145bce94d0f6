import { CreatedAtColumn, UpdatedAtColumn } from '@edubase/persistence';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const rosterImportStatuses = ['writing', 'provisioning', 'completed', 'failed'] as const;
export type RosterImportStatus = (typeof rosterImportStatuses)[number];

/**
 * One applied roster file (花名册导入): written in one transaction (all or nothing), then the staff get
 * their Keycloak accounts. Counters are updated as it goes, so a large file's progress can be polled.
 */
@Entity({ name: 'roster_import_job' })
@Index('idx_roster_import_school_created', ['schoolCode', 'createdAt'])
export class RosterImportJob {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  /** The import's school; null for a district-wide file whose rows name their schools. */
  @Column({ name: 'school_code', type: 'char', length: 10, nullable: true })
  schoolCode!: string | null;

  @Column({ type: 'varchar', length: 8 })
  format!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: RosterImportStatus;

  @Column({ name: 'total_rows', type: 'int' })
  totalRows!: number;

  /** Rows inserted so far inside the (still uncommitted) transaction; all of them or none survive. */
  @Column({ name: 'written_rows', type: 'int', default: 0 })
  writtenRows!: number;

  @Column({ name: 'accounts_total', type: 'int', default: 0 })
  accountsTotal!: number;

  @Column({ name: 'accounts_synced', type: 'int', default: 0 })
  accountsSynced!: number;

  @Column({ name: 'accounts_failed', type: 'int', default: 0 })
  accountsFailed!: number;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  error!: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy!: string;

  @CreatedAtColumn()
  createdAt!: Date;

  @Column({ name: 'committed_at', type: 'datetime', precision: 3, nullable: true })
  committedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'datetime', precision: 3, nullable: true })
  finishedAt!: Date | null;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
