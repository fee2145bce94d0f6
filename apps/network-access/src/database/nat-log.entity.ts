import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

// NAT translation logs of the egress firewalls (src/nat/). Both tables are RANGE-partitioned by day on
// `logged_at` (raw SQL in the migration, like `session`), so retention drops whole days and a lookup reads
// only the days it asks about. Addresses are INT UNSIGNED: 4 bytes a column at billions of rows.
// A line is stored once: `line_hash` (MD5 of device and line, `natLineHash`) ends each table's lookup index,
// made unique, so a batch a sender resends after a lost acknowledgement adds nothing. The same text always
// parses to the same address, port and time, so a resent line meets its first copy there; and the insert
// goes to that index anyway, so checking it costs no index of its own (a unique key of a partitioned table
// must hold `logged_at`, which it does).

/** One per-session translation: inside ip:port was public ip:port from `logged_at` (until `ended_at`). */
@Entity({ name: 'nat_session_log' })
@Index('uq_nat_session_public_line', ['publicIp', 'publicPort', 'loggedAt', 'lineHash'], { unique: true })
export class NatSessionLogEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: string;

  @PrimaryColumn({ name: 'logged_at', type: 'datetime', precision: 3 })
  loggedAt!: Date;

  @Column({ name: 'ended_at', type: 'datetime', precision: 3, nullable: true })
  endedAt!: Date | null;

  @Column({ name: 'public_ip', type: 'int', unsigned: true })
  publicIp!: number;

  @Column({ name: 'public_port', type: 'smallint', unsigned: true })
  publicPort!: number;

  @Column({ name: 'inside_ip', type: 'int', unsigned: true })
  insideIp!: number;

  @Column({ name: 'inside_port', type: 'smallint', unsigned: true })
  insidePort!: number;

  @Column({ type: 'tinyint', unsigned: true })
  protocol!: number;

  /** The firewall: its syslog HOSTNAME, else the sender's address. */
  @Column({ type: 'varchar', length: 64 })
  device!: string;

  @Column({ type: 'varchar', length: 16 })
  vendor!: string;

  /** The log line as received: the evidence a 协查 answer quotes. */
  @Column({ type: 'varchar', length: 4096 })
  line!: string;

  /** MD5 of `device` and `line`: the line's identity, unique at its address, port and time. */
  @Column({ name: 'line_hash', type: 'binary', length: 16 })
  lineHash!: Buffer;
}

/** A port block given to (`allocate`) or taken back from (`release`) an inside address. */
@Entity({ name: 'nat_port_block_log' })
@Index('uq_nat_block_public_line', ['publicIp', 'loggedAt', 'portStart', 'portEnd', 'lineHash'], {
  unique: true,
})
export class NatPortBlockLogEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: string;

  @PrimaryColumn({ name: 'logged_at', type: 'datetime', precision: 3 })
  loggedAt!: Date;

  @Column({ type: 'varchar', length: 8 })
  event!: 'allocate' | 'release';

  @Column({ name: 'public_ip', type: 'int', unsigned: true })
  publicIp!: number;

  @Column({ name: 'port_start', type: 'smallint', unsigned: true })
  portStart!: number;

  @Column({ name: 'port_end', type: 'smallint', unsigned: true })
  portEnd!: number;

  @Column({ name: 'inside_ip', type: 'int', unsigned: true })
  insideIp!: number;

  @Column({ type: 'varchar', length: 64 })
  device!: string;

  @Column({ type: 'varchar', length: 16 })
  vendor!: string;

  @Column({ type: 'varchar', length: 4096 })
  line!: string;

  @Column({ name: 'line_hash', type: 'binary', length: 16 })
  lineHash!: Buffer;
}
