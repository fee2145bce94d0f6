import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One network session. Start and stop are separate groups: a stop that arrives before its start still
 * closes the session, and the later start never reopens it. Open = started, not stopped.
 */
@Entity({ name: 'session_state' })
@Index('idx_session_state_open', ['stoppedAt', 'schoolCode'])
export class SessionState {
  @PrimaryColumn({ name: 'session_id', type: 'varchar', length: 64 })
  sessionId!: string;

  @Column({ name: 'school_code', type: 'char', length: 10, nullable: true })
  schoolCode!: string | null;

  @Column({ type: 'varchar', length: 253, nullable: true })
  username!: string | null;

  @Column({ name: 'person_id', type: 'varchar', length: 64, nullable: true })
  personId!: string | null;

  @Column({ name: 'nas_id', type: 'varchar', length: 64, nullable: true })
  nasId!: string | null;

  @Column({ name: 'info_version', type: 'varchar', length: 64, nullable: true })
  infoVersion!: string | null;

  @Column({ name: 'started_at', type: 'datetime', precision: 3, nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'start_version', type: 'varchar', length: 64, nullable: true })
  startVersion!: string | null;

  @Column({ name: 'stopped_at', type: 'datetime', precision: 3, nullable: true })
  stoppedAt!: Date | null;

  @Column({ name: 'stop_version', type: 'varchar', length: 64, nullable: true })
  stopVersion!: string | null;
}
