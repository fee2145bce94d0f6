import { MigrationInterface, QueryRunner } from 'typeorm';
import { initialPartitioning } from '../partitions';

/**
 * The service's tables. `session` is partitioned by month (see ../partitions.ts): TypeORM cannot declare
 * partitions, so the clause is appended here by hand; its schema diff looks only at columns, indexes and
 * keys, so `pendingSchemaChanges` stays empty as long as those match the entity.
 */
export class CreateNetworkAccessTables1760100000000 implements MigrationInterface {
  name = 'CreateNetworkAccessTables1760100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`nas\` (\`id\` char(36) NOT NULL, \`school_code\` char(10) NOT NULL, \`name\` varchar(100) NOT NULL, \`ip\` varchar(15) NOT NULL, \`shared_secret\` varchar(128) NOT NULL, \`vendor\` varchar(50) NOT NULL, \`model\` varchar(100) NULL, \`location\` varchar(200) NULL, \`require_message_authenticator\` tinyint NOT NULL DEFAULT 0, \`coa_port\` int UNSIGNED NOT NULL DEFAULT '3799', \`enabled\` tinyint NOT NULL DEFAULT 1, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), UNIQUE INDEX \`uq_nas_ip\` (\`ip\`), INDEX \`idx_nas_school\` (\`school_code\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`terminal\` (\`id\` char(36) NOT NULL, \`mac_address\` char(17) NOT NULL, \`school_code\` char(10) NOT NULL, \`type\` varchar(20) NOT NULL, \`name\` varchar(100) NULL, \`owner_person_id\` varchar(64) NULL, \`operating_system\` varchar(100) NULL, \`is_domestic\` tinyint NOT NULL DEFAULT 0, \`account_name\` varchar(64) NULL, \`chap_secret\` varchar(128) NULL, \`vlan\` smallint UNSIGNED NULL, \`enabled\` tinyint NOT NULL DEFAULT 1, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), UNIQUE INDEX \`uq_terminal_mac\` (\`mac_address\`), UNIQUE INDEX \`uq_terminal_account\` (\`account_name\`), INDEX \`idx_terminal_school\` (\`school_code\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`person\` (\`person_id\` varchar(64) NOT NULL, \`staff_no\` varchar(64) NULL, \`name\` varchar(100) NOT NULL, \`school_code\` char(10) NULL, \`status\` varchar(16) NOT NULL, \`as_of\` datetime(3) NOT NULL, UNIQUE INDEX \`uq_person_staff_no\` (\`staff_no\`), PRIMARY KEY (\`person_id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`person_role\` (\`person_id\` varchar(64) NOT NULL, \`role\` varchar(32) NOT NULL, \`school_key\` varchar(10) NOT NULL, \`ends_at\` date NULL, PRIMARY KEY (\`person_id\`, \`role\`, \`school_key\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`session\` (\`id\` bigint UNSIGNED NOT NULL AUTO_INCREMENT, \`started_at\` datetime(3) NOT NULL, \`acct_session_id\` varchar(64) NOT NULL, \`nas_id\` char(36) NOT NULL, \`nas_ip\` varchar(15) NOT NULL, \`school_code\` char(10) NOT NULL, \`username\` varchar(253) NOT NULL, \`person_id\` varchar(64) NULL, \`terminal_id\` char(36) NULL, \`mac_address\` char(17) NULL, \`nas_port\` varchar(64) NULL, \`framed_ip\` varchar(15) NULL, \`stopped_at\` datetime(3) NULL, \`last_update_at\` datetime(3) NOT NULL, \`interim_interval\` int UNSIGNED NULL, \`input_octets\` bigint UNSIGNED NOT NULL DEFAULT '0', \`output_octets\` bigint UNSIGNED NOT NULL DEFAULT '0', \`session_time\` int UNSIGNED NOT NULL DEFAULT '0', \`terminate_cause\` varchar(32) NULL, INDEX \`idx_session_open\` (\`stopped_at\`, \`last_update_at\`), INDEX \`idx_session_person\` (\`person_id\`, \`started_at\`), INDEX \`idx_session_mac\` (\`mac_address\`, \`started_at\`), INDEX \`idx_session_framed_ip\` (\`framed_ip\`, \`started_at\`), INDEX \`idx_session_nas_acct\` (\`nas_id\`, \`acct_session_id\`), PRIMARY KEY (\`id\`, \`started_at\`)) ENGINE=InnoDB
      ${initialPartitioning(new Date(), 7, 3)}`,
    );
    await queryRunner.query(
      `CREATE TABLE \`trace_audit\` (\`id\` bigint UNSIGNED NOT NULL AUTO_INCREMENT, \`at\` datetime(3) NOT NULL, \`actor_subject\` varchar(64) NOT NULL, \`actor_username\` varchar(100) NOT NULL, \`lookup_kind\` varchar(16) NOT NULL, \`query\` text NOT NULL, \`case_reason\` varchar(500) NOT NULL, \`result_count\` int UNSIGNED NOT NULL, INDEX \`idx_trace_audit_actor\` (\`actor_username\`, \`at\`), INDEX \`idx_trace_audit_at\` (\`at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`disconnect_attempt\` (\`id\` bigint UNSIGNED NOT NULL AUTO_INCREMENT, \`session_id\` bigint UNSIGNED NOT NULL, \`acct_session_id\` varchar(64) NOT NULL, \`person_id\` varchar(64) NULL, \`nas_id\` char(36) NOT NULL, \`reason\` varchar(200) NOT NULL, \`requested_at\` datetime(3) NOT NULL, \`result\` varchar(16) NOT NULL, \`error_cause\` int UNSIGNED NULL, \`answered_at\` datetime(3) NULL, INDEX \`idx_disconnect_person\` (\`person_id\`, \`requested_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'disconnect_attempt',
      'trace_audit',
      'session',
      'person_role',
      'person',
      'terminal',
      'nas',
    ]) {
      await queryRunner.query(`DROP TABLE \`${table}\``);
    }
  }
}
