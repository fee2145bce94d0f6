import { MigrationInterface, QueryRunner } from 'typeorm';

export class GovernanceProjection1796494906242 implements MigrationInterface {
  name = 'GovernanceProjection1796494906242';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `governance_system_state` (`system_id` varchar(64) NOT NULL, `school_code` char(10) NULL, `protection_level` varchar(1) NULL, `level_version` varchar(64) NULL, `next_assessment_due` date NULL, `due_version` varchar(64) NULL, INDEX `idx_governance_system_state_school` (`school_code`), PRIMARY KEY (`system_id`)) ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `idx_governance_system_state_school` ON `governance_system_state`');
    await queryRunner.query('DROP TABLE `governance_system_state`');
  }
}
