import { CreatedAtColumn, UpdatedAtColumn } from '@edubase/persistence';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import type { TerminalType } from '@edubase/contracts/vocabulary';

export { terminalTypes, type TerminalType } from '@edubase/contracts/vocabulary';

/** A registered device: joins by MAC (MAB) or, as a device account, by CHAP with its secret. */
@Entity({ name: 'terminal' })
@Index('idx_terminal_school', ['schoolCode'])
export class TerminalEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  /** Lower-case, dash-separated (aa-bb-cc-dd-ee-ff), the form the contracts use. */
  @Index('uq_terminal_mac', { unique: true })
  @Column({ name: 'mac_address', type: 'char', length: 17 })
  macAddress!: string;

  @Column({ name: 'school_code', type: 'char', length: 10 })
  schoolCode!: string;

  @Column({ type: 'varchar', length: 20 })
  type!: TerminalType;

  @Column({ type: 'varchar', length: 100, nullable: true })
  name!: string | null;

  @Column({ name: 'owner_person_id', type: 'varchar', length: 64, nullable: true })
  ownerPersonId!: string | null;

  @Column({ name: 'operating_system', type: 'varchar', length: 100, nullable: true })
  operatingSystem!: string | null;

  /** 信创: domestic hardware/OS. */
  @Column({ name: 'is_domestic', type: 'boolean', default: false })
  isDomestic!: boolean;

  /** Device account name for CHAP logins; null for MAB-only terminals. */
  @Index('uq_terminal_account', { unique: true })
  @Column({ name: 'account_name', type: 'varchar', length: 64, nullable: true })
  accountName!: string | null;

  /** CHAP needs the cleartext secret to recompute the response; never returned by the API. */
  @Column({ name: 'chap_secret', type: 'varchar', length: 128, nullable: true })
  chapSecret!: string | null;

  @Column({ type: 'smallint', unsigned: true, nullable: true })
  vlan!: number | null;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
