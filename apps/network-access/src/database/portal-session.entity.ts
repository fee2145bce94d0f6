import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A device authorized through the captive portal (Portal 认证): who signed in through the district SSO, for
 * which MAC and IP behind which NAS, and what the BRAS answered to the hand-off. Written before the hand-off
 * so the attribution (可管可溯) exists even when the BRAS never answers.
 */
@Entity({ name: 'portal_session' })
@Index('idx_portal_session_ip', ['framedIp', 'authorizedAt'])
@Index('idx_portal_session_mac', ['macAddress', 'authorizedAt'])
@Index('idx_portal_session_person', ['personId', 'authorizedAt'])
export class PortalSessionEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ name: 'person_id', type: 'varchar', length: 64 })
  personId!: string;

  /** 工号: the SSO username, sent to the BRAS as User-Name so its accounting is attributed too. */
  @Column({ name: 'staff_no', type: 'varchar', length: 64 })
  staffNo!: string;

  /** The school of the NAS the device sits behind. */
  @Column({ name: 'school_code', type: 'char', length: 10 })
  schoolCode!: string;

  @Column({ name: 'mac_address', type: 'char', length: 17 })
  macAddress!: string;

  @Column({ name: 'framed_ip', type: 'varchar', length: 15 })
  framedIp!: string;

  @Column({ name: 'nas_id', type: 'char', length: 36 })
  nasId!: string;

  @Column({ name: 'nas_ip', type: 'varchar', length: 15 })
  nasIp!: string;

  /** When the SSO sign-in completed. */
  @Column({ name: 'authorized_at', type: 'datetime', precision: 3 })
  authorizedAt!: Date;

  /** coa or http: which BRAS hand-off was used. */
  @Column({ name: 'handoff_kind', type: 'varchar', length: 8 })
  handoffKind!: string;

  /** pending (not answered yet), ack, nak, timeout or error. */
  @Column({ name: 'handoff_result', type: 'varchar', length: 16 })
  handoffResult!: string;

  /** What the BRAS said beyond the result: Error-Cause of a CoA-NAK, HTTP status, transport error. */
  @Column({ name: 'handoff_detail', type: 'varchar', length: 200, nullable: true })
  handoffDetail!: string | null;

  @Column({ name: 'answered_at', type: 'datetime', precision: 3, nullable: true })
  answeredAt!: Date | null;
}
