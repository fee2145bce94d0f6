import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Registered terminals; `is_domestic` gives the 信创 share. */
@Entity({ name: 'terminal_state' })
@Index('idx_terminal_state_school', ['schoolCode'])
export class TerminalState {
  @PrimaryColumn({ name: 'terminal_id', type: 'varchar', length: 64 })
  terminalId!: string;

  @Column({ name: 'school_code', type: 'char', length: 10, nullable: true })
  schoolCode!: string | null;

  @Column({ type: 'varchar', length: 16 })
  type!: string;

  @Column({ name: 'is_domestic', type: 'boolean' })
  isDomestic!: boolean;

  @Column({ type: 'varchar', length: 64 })
  version!: string;
}
