import { MigrationInterface, QueryRunner } from 'typeorm';

export class GovernanceProjection1796496390534 implements MigrationInterface {
  name = 'GovernanceProjection1796496390534';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `governance_system_state` (`system_id` varchar(64) NOT NULL, `school_code` char(10) NULL, `protection_level` varchar(1) NULL, `level_version` varchar(64) NULL, `next_assessment_due` date NULL, `due_version` varchar(64) NULL, INDEX `idx_governance_system_state_school` (`school_code`), PRIMARY KEY (`system_id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `governance_dataset_state` (`dataset_id` varchar(64) NOT NULL, `school_code` char(10) NULL, `fields` bigint NOT NULL, `classified_fields` bigint NOT NULL, `pi_general` bigint NOT NULL, `pi_important` bigint NOT NULL, `pi_core` bigint NOT NULL, `minor_pi` bigint NOT NULL, `version` varchar(64) NOT NULL, INDEX `idx_governance_dataset_state_school` (`school_code`), PRIMARY KEY (`dataset_id`)) ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `idx_governance_dataset_state_school` ON `governance_dataset_state`');
    await queryRunner.query('DROP TABLE `governance_dataset_state`');
    await queryRunner.query('DROP INDEX `idx_governance_system_state_school` ON `governance_system_state`');
    await queryRunner.query('DROP TABLE `governance_system_state`');
  }
}
