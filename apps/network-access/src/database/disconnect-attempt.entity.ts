import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One RFC 5176 Disconnect-Request we sent, and what the NAS answered. */
@Entity({ name: 'disconnect_attempt' })
@Index('idx_disconnect_person', ['personId', 'requestedAt'])
@Index('idx_disconnect_school', ['schoolCode', 'requestedAt'])
@Index('idx_disconnect_requested', ['requestedAt'])
export class DisconnectAttemptEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: string;

  @Column({ name: 'session_id', type: 'bigint', unsigned: true })
  sessionId!: string;

  @Column({ name: 'acct_session_id', type: 'varchar', length: 64 })
  acctSessionId!: string;

  @Column({ name: 'person_id', type: 'varchar', length: 64, nullable: true })
  personId!: string | null;

  @Column({ name: 'nas_id', type: 'char', length: 36 })
  nasId!: string;

  /** School of the session's NAS, so a school's network admin sees their own results (null: before 1760200000000). */
  @Column({ name: 'school_code', type: 'char', length: 10, nullable: true })
  schoolCode!: string | null;

  /** Why we asked: e.g. identity deactivation. */
  @Column({ type: 'varchar', length: 200 })
  reason!: string;

  @Column({ name: 'requested_at', type: 'datetime', precision: 3 })
  requestedAt!: Date;

  /** ack, nak, timeout or unknown-nas. */
  @Column({ type: 'varchar', length: 16 })
  result!: string;

  /** RFC 5176 Error-Cause of a NAK, when the NAS sent one. */
  @Column({ name: 'error_cause', type: 'int', unsigned: true, nullable: true })
  errorCause!: number | null;

  @Column({ name: 'answered_at', type: 'datetime', precision: 3, nullable: true })
  answeredAt!: Date | null;
}
