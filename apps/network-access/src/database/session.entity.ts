import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One RADIUS accounting session. The table is RANGE-partitioned by month on `started_at` (raw SQL in the
 * migration; TypeORM cannot express partitions and does not compare them, so the drift check stays clean),
 * which is why `started_at` is part of the primary key.
 */
@Entity({ name: 'session' })
@Index('idx_session_nas_acct', ['nasId', 'acctSessionId'])
@Index('idx_session_framed_ip', ['framedIp', 'startedAt'])
@Index('idx_session_mac', ['macAddress', 'startedAt'])
@Index('idx_session_person', ['personId', 'startedAt'])
@Index('idx_session_open', ['stoppedAt', 'lastUpdateAt'])
export class SessionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: string;

  @PrimaryColumn({ name: 'started_at', type: 'datetime', precision: 3 })
  startedAt!: Date;

  @Column({ name: 'acct_session_id', type: 'varchar', length: 64 })
  acctSessionId!: string;

  @Column({ name: 'nas_id', type: 'char', length: 36 })
  nasId!: string;

  @Column({ name: 'nas_ip', type: 'varchar', length: 15 })
  nasIp!: string;

  @Column({ name: 'school_code', type: 'char', length: 10 })
  schoolCode!: string;

  @Column({ type: 'varchar', length: 253 })
  username!: string;

  @Column({ name: 'person_id', type: 'varchar', length: 64, nullable: true })
  personId!: string | null;

  @Column({ name: 'terminal_id', type: 'char', length: 36, nullable: true })
  terminalId!: string | null;

  @Column({ name: 'mac_address', type: 'char', length: 17, nullable: true })
  macAddress!: string | null;

  @Column({ name: 'nas_port', type: 'varchar', length: 64, nullable: true })
  nasPort!: string | null;

  @Column({ name: 'framed_ip', type: 'varchar', length: 15, nullable: true })
  framedIp!: string | null;

  @Column({ name: 'stopped_at', type: 'datetime', precision: 3, nullable: true })
  stoppedAt!: Date | null;

  /** Time of the last accounting packet; a session silent for 2× its interim interval is stale. */
  @Column({ name: 'last_update_at', type: 'datetime', precision: 3 })
  lastUpdateAt!: Date;

  @Column({ name: 'interim_interval', type: 'int', unsigned: true, nullable: true })
  interimInterval!: number | null;

  @Column({ name: 'input_octets', type: 'bigint', unsigned: true, default: 0 })
  inputOctets!: string;

  @Column({ name: 'output_octets', type: 'bigint', unsigned: true, default: 0 })
  outputOctets!: string;

  @Column({ name: 'session_time', type: 'int', unsigned: true, default: 0 })
  sessionTime!: number;

  @Column({ name: 'terminate_cause', type: 'varchar', length: 32, nullable: true })
  terminateCause!: string | null;
}
