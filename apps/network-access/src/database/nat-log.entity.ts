import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

// NAT translation logs of the egress firewalls (src/nat/). Both tables are RANGE-partitioned by day on
// `logged_at` (raw SQL in the migration, like `session`), so retention drops whole days and a lookup reads
// only the days it asks about. Addresses are INT UNSIGNED: 4 bytes a column at billions of rows.
// A line is stored once: `line_hash` (MD5 of device and line, `natLineHash`) is unique per `logged_at`, so
// a batch a sender resends after a lost acknowledgement adds nothing (the key must hold the partitioning
// column; the same text always parses to the same time, so a resent line lands on the same key).

/** One per-session translation: inside ip:port was public ip:port from `logged_at` (until `ended_at`). */
@Entity({ name: 'nat_session_log' })
@Index('idx_nat_session_public', ['publicIp', 'publicPort', 'loggedAt'])
@Index('uq_nat_session_line', ['loggedAt', 'lineHash'], { unique: true })
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

  /** MD5 of `device` and `line`: the line's identity, unique with `logged_at`. */
  @Column({ name: 'line_hash', type: 'binary', length: 16 })
  lineHash!: Buffer;
}

/** A port block given to (`allocate`) or taken back from (`release`) an inside address. */
@Entity({ name: 'nat_port_block_log' })
@Index('idx_nat_block_public', ['publicIp', 'loggedAt', 'portStart', 'portEnd'])
@Index('uq_nat_block_line', ['loggedAt', 'lineHash'], { unique: true })
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
