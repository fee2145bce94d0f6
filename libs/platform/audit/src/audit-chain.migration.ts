import { MigrationInterface, QueryRunner } from 'typeorm';
import { GENESIS_HASH } from './chain-hash';

/**
 * The audit chain's tables. Every service that keeps a chain lists `auditChainMigrations` in its own
 * migrations and `auditChainEntities` in its DataSource, as it does the messaging tables.
 */
export class CreateAuditChainTables1796500000000 implements MigrationInterface {
  name = 'CreateAuditChainTables1796500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`audit_chain_entry\` (
        \`id\` bigint UNSIGNED NOT NULL AUTO_INCREMENT,
        \`seq\` bigint UNSIGNED NULL,
        \`occurred_at\` datetime(3) NOT NULL,
        \`actor_id\` varchar(100) NOT NULL,
        \`actor_kind\` varchar(16) NOT NULL,
        \`actor_name\` varchar(100) NULL,
        \`action\` varchar(64) NOT NULL,
        \`subject_type\` varchar(32) NOT NULL,
        \`subject_id\` varchar(64) NULL,
        \`school_code\` char(10) NULL,
        \`detail\` longtext NULL,
        \`prev_hash\` char(64) NULL,
        \`hash\` char(64) NULL,
        UNIQUE INDEX \`uq_audit_chain_entry_seq\` (\`seq\`),
        PRIMARY KEY (\`id\`)
      ) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`audit_chain_head\` (
        \`id\` tinyint UNSIGNED NOT NULL,
        \`seq\` bigint UNSIGNED NOT NULL,
        \`hash\` char(64) NOT NULL,
        \`anchored_seq\` bigint UNSIGNED NOT NULL,
        \`anchored_at\` datetime(3) NULL,
        PRIMARY KEY (\`id\`)
      ) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      'INSERT INTO `audit_chain_head` (`id`, `seq`, `hash`, `anchored_seq`) VALUES (1, 0, ?, 0)',
      [GENESIS_HASH],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `audit_chain_head`');
    await queryRunner.query('DROP TABLE `audit_chain_entry`');
  }
}
