import { MigrationInterface, QueryRunner } from 'typeorm';

/** An e-mail belongs to one person in any letter case: Keycloak refuses a second account with it. */
export class PersonEmailUnique1796491546592 implements MigrationInterface {
  name = 'PersonEmailUnique1796491546592';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE UNIQUE INDEX `uq_person_email` ON `person` (`email`)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `uq_person_email` ON `person`');
  }
}
