import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = [
  {
    table: 'nat_session_log',
    before: { index: 'idx_nat_session_public', columns: '`public_ip`, `public_port`, `logged_at`' },
    index: 'uq_nat_session_public_line',
  },
  {
    table: 'nat_port_block_log',
    before: {
      index: 'idx_nat_block_public',
      columns: '`public_ip`, `logged_at`, `port_start`, `port_end`',
    },
    index: 'uq_nat_block_public_line',
  },
] as const;

/**
 * A NAT line is stored once (a batch resent after a lost acknowledgement used to be stored twice): each row
 * gets `line_hash`, MD5 of its device and line as `natLineHash` computes it, and the lookup index ends with
 * it and becomes unique. Rows stored twice before are removed by that index (`ALTER IGNORE` keeps the first).
 */
export class NatLineDedupe1760500000000 implements MigrationInterface {
  name = 'NatLineDedupe1760500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const { table, before, index } of TABLES) {
      await queryRunner.query(`ALTER TABLE \`${table}\` ADD \`line_hash\` binary(16) NULL`);
      await queryRunner.query(
        `UPDATE \`${table}\` SET \`line_hash\` = UNHEX(MD5(CONCAT(\`device\`, '\\n', \`line\`)))`,
      );
      await queryRunner.query(
        `ALTER IGNORE TABLE \`${table}\` MODIFY \`line_hash\` binary(16) NOT NULL, DROP INDEX \`${before.index}\`, ` +
          `ADD UNIQUE INDEX \`${index}\` (${before.columns}, \`line_hash\`)`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const { table, before, index } of TABLES) {
      await queryRunner.query(
        `ALTER TABLE \`${table}\` DROP INDEX \`${index}\`, ADD INDEX \`${before.index}\` (${before.columns}), DROP COLUMN \`line_hash\``,
      );
    }
  }
}
