import { MigrationInterface, QueryRunner } from 'typeorm';
import { initialDailyPartitioning } from '../../nat/storage/nat-partitions';

/**
 * NAT logs of the egress firewalls, partitioned by day (see src/nat/storage/nat-partitions.ts: the CREATE
 * TABLE is the SQL TypeORM generates for the entity with the PARTITION BY clause appended), and the schools
 * each trace lookup was made for.
 */
export class NatLogsAndTraceAuditSchool1760300000000 implements MigrationInterface {
  name = 'NatLogsAndTraceAuditSchool1760300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const now = new Date();
    await queryRunner.query(
      `CREATE TABLE \`nat_session_log\` (\`id\` bigint UNSIGNED NOT NULL AUTO_INCREMENT, \`logged_at\` datetime(3) NOT NULL, \`ended_at\` datetime(3) NULL, \`public_ip\` int UNSIGNED NOT NULL, \`public_port\` smallint UNSIGNED NOT NULL, \`inside_ip\` int UNSIGNED NOT NULL, \`inside_port\` smallint UNSIGNED NOT NULL, \`protocol\` tinyint UNSIGNED NOT NULL, \`device\` varchar(64) NOT NULL, \`vendor\` varchar(16) NOT NULL, \`line\` varchar(4096) NOT NULL, INDEX \`idx_nat_session_public\` (\`public_ip\`, \`public_port\`, \`logged_at\`), PRIMARY KEY (\`id\`, \`logged_at\`)) ENGINE=InnoDB
      ${initialDailyPartitioning(now, 1, 7)}`,
    );
    await queryRunner.query(
      `CREATE TABLE \`nat_port_block_log\` (\`id\` bigint UNSIGNED NOT NULL AUTO_INCREMENT, \`logged_at\` datetime(3) NOT NULL, \`event\` varchar(8) NOT NULL, \`public_ip\` int UNSIGNED NOT NULL, \`port_start\` smallint UNSIGNED NOT NULL, \`port_end\` smallint UNSIGNED NOT NULL, \`inside_ip\` int UNSIGNED NOT NULL, \`device\` varchar(64) NOT NULL, \`vendor\` varchar(16) NOT NULL, \`line\` varchar(4096) NOT NULL, INDEX \`idx_nat_block_public\` (\`public_ip\`, \`logged_at\`, \`port_start\`, \`port_end\`), PRIMARY KEY (\`id\`, \`logged_at\`)) ENGINE=InnoDB
      ${initialDailyPartitioning(now, 1, 7)}`,
    );
    await queryRunner.query(
      `CREATE TABLE \`trace_audit_school\` (\`audit_id\` bigint UNSIGNED NOT NULL, \`school_code\` char(10) NOT NULL, INDEX \`idx_trace_audit_school\` (\`school_code\`, \`audit_id\`), PRIMARY KEY (\`audit_id\`, \`school_code\`)) ENGINE=InnoDB`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE \`trace_audit_school\``);
    await queryRunner.query(`DROP TABLE \`nat_port_block_log\``);
    await queryRunner.query(`DROP TABLE \`nat_session_log\``);
  }
}
