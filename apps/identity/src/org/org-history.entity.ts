import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type OrgChange = 'created' | 'renamed' | 'moved' | 'updated';

/** Every change to an organisation unit, so a school renamed or moved keeps its past names and places. */
@Entity({ name: 'org_history' })
@Index('idx_org_history_org', ['orgId', 'changedAt'])
export class OrgHistory {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'org_id', type: 'char', length: 36 })
  orgId!: string;

  @Column({ type: 'varchar', length: 16 })
  change!: OrgChange;

  @Column({ name: 'name_before', type: 'varchar', length: 200, nullable: true })
  nameBefore!: string | null;

  @Column({ name: 'name_after', type: 'varchar', length: 200 })
  nameAfter!: string;

  @Column({ name: 'parent_before', type: 'char', length: 36, nullable: true })
  parentBefore!: string | null;

  @Column({ name: 'parent_after', type: 'char', length: 36, nullable: true })
  parentAfter!: string | null;

  @Column({ type: 'json', nullable: true })
  before!: Record<string, unknown> | null;

  @Column({ type: 'json' })
  after!: Record<string, unknown>;

  @Column({ name: 'actor_id', type: 'varchar', length: 100 })
  actorId!: string;

  @Column({ name: 'changed_at', type: 'datetime', precision: 3 })
  changedAt!: Date;
}
