import { MigrationInterface, QueryRunner } from 'typeorm';

export class GovernanceProjection1796494627951 implements MigrationInterface {
  name = 'GovernanceProjection1796494627951';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `information_system_state` (`information_system_id` varchar(64) NOT NULL, `school_code` char(10) NULL, `version` varchar(64) NOT NULL, INDEX `idx_information_system_state_school` (`school_code`), PRIMARY KEY (`information_system_id`)) ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `idx_information_system_state_school` ON `information_system_state`');
    await queryRunner.query('DROP TABLE `information_system_state`');
  }
}
