import { MigrationInterface, QueryRunner } from 'typeorm';

export class OrgUnits1796507889010 implements MigrationInterface {
  name = 'OrgUnits1796507889010';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `org_unit` (`org_id` varchar(64) NOT NULL, `kind` varchar(16) NOT NULL, `name` varchar(200) NOT NULL, `parent_id` varchar(64) NULL, `school_code` char(10) NULL, `as_of` datetime(3) NOT NULL, INDEX `idx_org_unit_name` (`name`), PRIMARY KEY (`org_id`)) ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `idx_org_unit_name` ON `org_unit`');
    await queryRunner.query('DROP TABLE `org_unit`');
  }
}
