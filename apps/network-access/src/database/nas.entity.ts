import { CreatedAtColumn, UpdatedAtColumn } from '@edubase/persistence';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A network access server (switch, AP controller, BRAS) allowed to ask us; identified by source IP. */
@Entity({ name: 'nas' })
@Index('idx_nas_school', ['schoolCode'])
export class NasEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ name: 'school_code', type: 'char', length: 10 })
  schoolCode!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Index('uq_nas_ip', { unique: true })
  @Column({ type: 'varchar', length: 15 })
  ip!: string;

  /** RADIUS shared secret; needed in clear to compute authenticators, so it is never returned by the API. */
  @Column({ name: 'shared_secret', type: 'varchar', length: 128 })
  sharedSecret!: string;

  @Column({ type: 'varchar', length: 50 })
  vendor!: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  model!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  location!: string | null;

  /** BlastRADIUS mitigation: drop every Access-Request from this NAS without a valid Message-Authenticator. */
  @Column({ name: 'require_message_authenticator', type: 'boolean', default: false })
  requireMessageAuthenticator!: boolean;

  /** RFC 5176 Disconnect/CoA port of this NAS. */
  @Column({ name: 'coa_port', type: 'int', unsigned: true, default: 3799 })
  coaPort!: number;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
