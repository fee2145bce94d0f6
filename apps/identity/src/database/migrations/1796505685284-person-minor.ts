import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `person.minor`: the 未成年人 age band (under-14, under-18). Filled at the service's start by the minor-age
 * job, which announces each person it sets, so consumers learn the bands of people created before.
 */
export class PersonMinor1796505685284 implements MigrationInterface {
  name = 'PersonMinor1796505685284';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `person` ADD `minor` varchar(16) NULL');
    await queryRunner.query('CREATE INDEX `idx_person_minor` ON `person` (`minor`)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `idx_person_minor` ON `person`');
    await queryRunner.query('ALTER TABLE `person` DROP COLUMN `minor`');
  }
}
