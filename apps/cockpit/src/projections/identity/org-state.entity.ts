import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Organisations as identity last described them; schools give the drill-down its names and stages. */
@Entity({ name: 'org_state' })
@Index('idx_org_state_school', ['schoolCode'])
export class OrgState {
  @PrimaryColumn({ name: 'org_id', type: 'varchar', length: 64 })
  orgId!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ name: 'parent_id', type: 'varchar', length: 64, nullable: true })
  parentId!: string | null;

  @Column({ name: 'school_code', type: 'char', length: 10, nullable: true })
  schoolCode!: string | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  stage!: string | null;

  @Column({ type: 'varchar', length: 64 })
  version!: string;
}
