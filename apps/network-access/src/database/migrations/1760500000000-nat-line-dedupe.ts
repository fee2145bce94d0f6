import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = [
  { table: 'nat_session_log', index: 'uq_nat_session_line' },
  { table: 'nat_port_block_log', index: 'uq_nat_block_line' },
] as const;

/**
 * A NAT line is stored once (a batch resent after a lost acknowledgement used to be stored twice): each row
 * gets `line_hash`, MD5 of its device and line as `natLineHash` computes it, unique with `logged_at`. Rows
 * stored twice before are removed by the unique index (`ALTER IGNORE` keeps the first of each).
 */
export class NatLineDedupe1760500000000 implements MigrationInterface {
  name = 'NatLineDedupe1760500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const { table, index } of TABLES) {
      await queryRunner.query(`ALTER TABLE \`${table}\` ADD \`line_hash\` binary(16) NULL`);
      await queryRunner.query(
        `UPDATE \`${table}\` SET \`line_hash\` = UNHEX(MD5(CONCAT(\`device\`, '\\n', \`line\`)))`,
      );
      await queryRunner.query(
        `ALTER IGNORE TABLE \`${table}\` MODIFY \`line_hash\` binary(16) NOT NULL, ADD UNIQUE INDEX \`${index}\` (\`logged_at\`, \`line_hash\`)`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const { table, index } of TABLES) {
      await queryRunner.query(`DROP INDEX \`${index}\` ON \`${table}\``);
      await queryRunner.query(`ALTER TABLE \`${table}\` DROP COLUMN \`line_hash\``);
    }
  }
}
