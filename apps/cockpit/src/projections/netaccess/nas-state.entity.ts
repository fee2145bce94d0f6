import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Registered NAS devices (access switches, wireless controllers) per school. */
@Entity({ name: 'nas_state' })
@Index('idx_nas_state_school', ['schoolCode'])
export class NasState {
  @PrimaryColumn({ name: 'nas_id', type: 'varchar', length: 64 })
  nasId!: string;

  @Column({ name: 'school_code', type: 'char', length: 10, nullable: true })
  schoolCode!: string | null;

  @Column({ type: 'varchar', length: 50 })
  vendor!: string;

  @Column({ type: 'varchar', length: 64 })
  version!: string;
}
