import { MigrationInterface, QueryRunner } from 'typeorm';

export class GovernanceSchema1796494904561 implements MigrationInterface {
  name = 'GovernanceSchema1796494904561';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `assessment` (`id` char(36) NOT NULL, `system_id` char(36) NOT NULL, `assessed_on` date NOT NULL, `body` varchar(200) NOT NULL, `result` varchar(16) NOT NULL, `protection_level` tinyint UNSIGNED NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), INDEX `idx_assessment_system` (`system_id`, `assessed_on`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `rectification_item` (`id` char(36) NOT NULL, `system_id` char(36) NOT NULL, `assessment_id` char(36) NOT NULL, `description` varchar(500) NOT NULL, `due_on` date NULL, `status` varchar(8) NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX `idx_rectification_item_system` (`system_id`, `status`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `information_system` (`id` char(36) NOT NULL, `school_code` char(10) NULL, `name` varchar(200) NOT NULL, `owner_unit` varchar(200) NOT NULL, `contractor` varchar(200) NULL, `protection_level` tinyint UNSIGNED NULL, `filing_number` varchar(64) NULL, `filing_date` date NULL, `registered_on` date NOT NULL, `last_assessed_on` date NULL, `assessment_body` varchar(200) NULL, `assessment_result` varchar(16) NULL, `next_assessment_due` date NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX `idx_information_system_due` (`next_assessment_due`), INDEX `idx_information_system_school` (`school_code`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `idx_information_system_school` ON `information_system`');
    await queryRunner.query('DROP INDEX `idx_information_system_due` ON `information_system`');
    await queryRunner.query('DROP TABLE `information_system`');
    await queryRunner.query('DROP INDEX `idx_rectification_item_system` ON `rectification_item`');
    await queryRunner.query('DROP TABLE `rectification_item`');
    await queryRunner.query('DROP INDEX `idx_assessment_system` ON `assessment`');
    await queryRunner.query('DROP TABLE `assessment`');
  }
}
