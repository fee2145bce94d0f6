import { CreatedAtColumn, UpdatedAtColumn } from '@edubase/persistence';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One information-system of a school (学校标识码): the tenant key every school-owned row carries. */
@Entity({ name: 'information_system' })
@Index('idx_information_system_school', ['schoolCode'])
export class InformationSystem {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ name: 'school_code', type: 'char', length: 10 })
  schoolCode!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
