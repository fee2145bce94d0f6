import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `person_state.minor`: the age band identity's person events carry (未成年人账号); people projected before
 * it are filled by identity's announcements at its next start or by a `cockpit:rebuild`.
 */
export class PersonStateMinor1796505767052 implements MigrationInterface {
  name = 'PersonStateMinor1796505767052';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `person_state` ADD `minor` varchar(16) NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `person_state` DROP COLUMN `minor`');
  }
}
