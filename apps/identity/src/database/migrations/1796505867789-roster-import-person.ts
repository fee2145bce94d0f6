import { MigrationInterface, QueryRunner } from 'typeorm';

/** The staff each roster import created, so recovery can finish a job from the Keycloak sync outbox. */
export class RosterImportPerson1796505867789 implements MigrationInterface {
  name = 'RosterImportPerson1796505867789';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `roster_import_person` (`job_id` char(36) NOT NULL, `person_id` char(36) NOT NULL, INDEX `idx_roster_import_person_person` (`person_id`), PRIMARY KEY (`job_id`, `person_id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'ALTER TABLE `roster_import_person` ADD CONSTRAINT `fk_roster_import_person_person` FOREIGN KEY (`person_id`) REFERENCES `person`(`id`) ON DELETE CASCADE ON UPDATE RESTRICT',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE `roster_import_person` DROP FOREIGN KEY `fk_roster_import_person_person`',
    );
    await queryRunner.query('DROP INDEX `idx_roster_import_person_person` ON `roster_import_person`');
    await queryRunner.query('DROP TABLE `roster_import_person`');
  }
}
