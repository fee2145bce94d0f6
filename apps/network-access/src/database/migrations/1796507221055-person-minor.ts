import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `person.minor`: identity's 未成年人 age band, for the trace's minor rule; filled as identity's person events
 * arrive (identity announces every band once at its first start with the field).
 */
export class PersonMinor1796507221055 implements MigrationInterface {
  name = 'PersonMinor1796507221055';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `person` ADD `minor` varchar(16) NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `person` DROP COLUMN `minor`');
  }
}
