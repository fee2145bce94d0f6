import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An anchor a service published (`audit.chain.anchored.v1`): its chain's head hash at a position. */
@Entity({ name: 'audit_anchor' })
export class AuditAnchor {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  service!: string;

  @PrimaryColumn({ type: 'bigint', unsigned: true, transformer: { to: (v: number) => v, from: Number } })
  seq!: number;

  @Column({ type: 'char', length: 64 })
  hash!: string;

  @Column({
    name: 'previous_seq',
    type: 'bigint',
    unsigned: true,
    transformer: { to: (v: number) => v, from: Number },
  })
  previousSeq!: number;

  @Column({ name: 'anchored_at', type: 'datetime', precision: 3 })
  anchoredAt!: Date;
}

export type ChainCheckStatus = 'ok' | 'broken' | 'unreachable';

/** The last verification of one service's chain against its anchors, and the break last reported. */
@Entity({ name: 'audit_chain_check' })
export class AuditChainCheck {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  service!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: ChainCheckStatus;

  @Column({ name: 'verified_at', type: 'datetime', precision: 3 })
  verifiedAt!: Date;

  @Column({
    name: 'head_seq',
    type: 'bigint',
    unsigned: true,
    nullable: true,
    transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) },
  })
  headSeq!: number | null;

  @Column({ name: 'checked_anchors', type: 'int', unsigned: true, default: 0 })
  checkedAnchors!: number;

  /** What broke (`changed`, `missing`, `relinked`, `anchor-mismatch`) or why the service was not reached. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  detail!: string | null;

  /** The first broken link, `<seq>:<problem>`, as reported in governance.audit.chain-broken.v1. */
  @Column({ name: 'reported_break', type: 'varchar', length: 64, nullable: true })
  reportedBreak!: string | null;
}
