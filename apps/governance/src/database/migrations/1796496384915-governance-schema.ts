import { MigrationInterface, QueryRunner } from 'typeorm';

export class GovernanceSchema1796496384915 implements MigrationInterface {
  name = 'GovernanceSchema1796496384915';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `dataset` (`id` char(36) NOT NULL, `system_id` char(36) NOT NULL, `school_code` char(10) NULL, `name` varchar(128) NOT NULL, `title` varchar(200) NULL, `origin` varchar(8) NOT NULL, `grade` varchar(16) NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX `idx_dataset_school` (`school_code`), UNIQUE INDEX `uq_dataset_system_name` (`system_id`, `name`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `dataset_source` (`dataset_id` char(36) NOT NULL, `source_id` char(36) NOT NULL, INDEX `idx_dataset_source_source` (`source_id`), PRIMARY KEY (`dataset_id`, `source_id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `data_field` (`id` char(36) NOT NULL, `dataset_id` char(36) NOT NULL, `name` varchar(128) NOT NULL, `data_type` varchar(64) NULL, `description` varchar(500) NULL, `category` varchar(32) NULL, `grade` varchar(16) NULL, `is_personal` tinyint NOT NULL DEFAULT 0, `is_sensitive` tinyint NOT NULL DEFAULT 0, `is_minor` tinyint NOT NULL DEFAULT 0, `classified_at` datetime(3) NULL, `classified_by` varchar(64) NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), UNIQUE INDEX `uq_data_field_dataset_name` (`dataset_id`, `name`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `classification_review` (`id` char(36) NOT NULL, `field_id` char(36) NOT NULL, `dataset_id` char(36) NOT NULL, `school_code` char(10) NULL, `detected_label` varchar(16) NOT NULL, `confidence` decimal(3,2) NOT NULL, `suggested_grade` varchar(16) NOT NULL, `suggested_personal` tinyint NOT NULL, `suggested_sensitive` tinyint NOT NULL, `suggested_minor` tinyint NOT NULL, `status` varchar(8) NOT NULL, `decided_by` varchar(64) NULL, `decided_at` datetime(3) NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), INDEX `idx_classification_review_field` (`field_id`), INDEX `idx_classification_review_status` (`status`, `school_code`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `assessment` (`id` char(36) NOT NULL, `system_id` char(36) NOT NULL, `assessed_on` date NOT NULL, `body` varchar(200) NOT NULL, `result` varchar(16) NOT NULL, `protection_level` tinyint UNSIGNED NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), INDEX `idx_assessment_system` (`system_id`, `assessed_on`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `rectification_item` (`id` char(36) NOT NULL, `system_id` char(36) NOT NULL, `assessment_id` char(36) NOT NULL, `description` varchar(500) NOT NULL, `due_on` date NULL, `status` varchar(8) NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX `idx_rectification_item_system` (`system_id`, `status`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `information_system` (`id` char(36) NOT NULL, `school_code` char(10) NULL, `name` varchar(200) NOT NULL, `owner_unit` varchar(200) NOT NULL, `contractor` varchar(200) NULL, `protection_level` tinyint UNSIGNED NULL, `filing_number` varchar(64) NULL, `filing_date` date NULL, `registered_on` date NOT NULL, `last_assessed_on` date NULL, `assessment_body` varchar(200) NULL, `assessment_result` varchar(16) NULL, `next_assessment_due` date NULL, `source_service` varchar(64) NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), UNIQUE INDEX `uq_information_system_source_service` (`source_service`), INDEX `idx_information_system_due` (`next_assessment_due`), INDEX `idx_information_system_school` (`school_code`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `idx_information_system_school` ON `information_system`');
    await queryRunner.query('DROP INDEX `idx_information_system_due` ON `information_system`');
    await queryRunner.query('DROP INDEX `uq_information_system_source_service` ON `information_system`');
    await queryRunner.query('DROP TABLE `information_system`');
    await queryRunner.query('DROP INDEX `idx_rectification_item_system` ON `rectification_item`');
    await queryRunner.query('DROP TABLE `rectification_item`');
    await queryRunner.query('DROP INDEX `idx_assessment_system` ON `assessment`');
    await queryRunner.query('DROP TABLE `assessment`');
    await queryRunner.query('DROP INDEX `idx_classification_review_status` ON `classification_review`');
    await queryRunner.query('DROP INDEX `idx_classification_review_field` ON `classification_review`');
    await queryRunner.query('DROP TABLE `classification_review`');
    await queryRunner.query('DROP INDEX `uq_data_field_dataset_name` ON `data_field`');
    await queryRunner.query('DROP TABLE `data_field`');
    await queryRunner.query('DROP INDEX `idx_dataset_source_source` ON `dataset_source`');
    await queryRunner.query('DROP TABLE `dataset_source`');
    await queryRunner.query('DROP INDEX `uq_dataset_system_name` ON `dataset`');
    await queryRunner.query('DROP INDEX `idx_dataset_school` ON `dataset`');
    await queryRunner.query('DROP TABLE `dataset`');
  }
}
