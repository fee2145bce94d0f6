import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Small facts about the projections themselves, e.g. which consumer group feeds them. */
@Entity({ name: 'projection_meta' })
export class ProjectionMeta {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'varchar', length: 200 })
  value!: string;
}
