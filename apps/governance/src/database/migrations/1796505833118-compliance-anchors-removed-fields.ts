import { MigrationInterface, QueryRunner } from 'typeorm';

export class ComplianceAnchorsRemovedFields1796505833118 implements MigrationInterface {
  name = 'ComplianceAnchorsRemovedFields1796505833118';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `audit_anchor` (`service` varchar(64) NOT NULL, `seq` bigint UNSIGNED NOT NULL, `hash` char(64) NOT NULL, `previous_seq` bigint UNSIGNED NOT NULL, `anchored_at` datetime(3) NOT NULL, PRIMARY KEY (`service`, `seq`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      "CREATE TABLE `audit_chain_check` (`service` varchar(64) NOT NULL, `status` varchar(16) NOT NULL, `verified_at` datetime(3) NOT NULL, `head_seq` bigint UNSIGNED NULL, `checked_anchors` int UNSIGNED NOT NULL DEFAULT '0', `detail` varchar(500) NULL, `reported_break` varchar(64) NULL, PRIMARY KEY (`service`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      'CREATE TABLE `minors_pi_audit` (`id` char(36) NOT NULL, `system_id` char(36) NOT NULL, `school_code` char(10) NULL, `year` smallint UNSIGNED NOT NULL, `status` varchar(12) NOT NULL, `datasets` json NOT NULL, `readers` json NOT NULL, `checklist` json NOT NULL, `prepared_at` datetime(3) NOT NULL, `opened_by` varchar(64) NOT NULL, `completed_by` varchar(64) NULL, `completed_on` date NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX `idx_minors_pi_audit_school` (`school_code`), UNIQUE INDEX `uq_minors_pi_audit_system_year` (`system_id`, `year`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `compliance_finding` (`id` char(36) NOT NULL, `audit_id` char(36) NOT NULL, `school_code` char(10) NULL, `checklist_key` varchar(32) NULL, `description` varchar(1000) NOT NULL, `rectification` varchar(1000) NOT NULL, `owner` varchar(100) NOT NULL, `due_on` date NOT NULL, `status` varchar(8) NOT NULL, `closed_on` date NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX `idx_compliance_finding_school_status` (`school_code`, `status`), INDEX `idx_compliance_finding_audit` (`audit_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query('ALTER TABLE `data_field` ADD `removed_at` datetime(3) NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `data_field` DROP COLUMN `removed_at`');
    await queryRunner.query('DROP INDEX `idx_compliance_finding_audit` ON `compliance_finding`');
    await queryRunner.query('DROP INDEX `idx_compliance_finding_school_status` ON `compliance_finding`');
    await queryRunner.query('DROP TABLE `compliance_finding`');
    await queryRunner.query('DROP INDEX `uq_minors_pi_audit_system_year` ON `minors_pi_audit`');
    await queryRunner.query('DROP INDEX `idx_minors_pi_audit_school` ON `minors_pi_audit`');
    await queryRunner.query('DROP TABLE `minors_pi_audit`');
    await queryRunner.query('DROP TABLE `audit_chain_check`');
    await queryRunner.query('DROP TABLE `audit_anchor`');
  }
}
