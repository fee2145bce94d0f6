import { MigrationInterface, QueryRunner } from 'typeorm';

export class GovernanceCompliance1796506985663 implements MigrationInterface {
  name = 'GovernanceCompliance1796506985663';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `governance_minors_audit_state` (`audit_id` varchar(64) NOT NULL, `school_code` char(10) NULL, `open_findings` bigint NOT NULL, `version` varchar(64) NOT NULL, INDEX `idx_governance_minors_audit_state_school` (`school_code`), PRIMARY KEY (`audit_id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `governance_chain_break` (`service` varchar(64) NOT NULL, `broken_at` datetime NOT NULL, `version` varchar(64) NOT NULL, PRIMARY KEY (`service`)) ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `governance_chain_break`');
    await queryRunner.query(
      'DROP INDEX `idx_governance_minors_audit_state_school` ON `governance_minors_audit_state`',
    );
    await queryRunner.query('DROP TABLE `governance_minors_audit_state`');
  }
}
