import { MigrationInterface, QueryRunner } from 'typeorm';

/** SCIM external ids of staff and the roster import jobs (progress of bulk imports). */
export class ScimAndRosterImport1795875048795 implements MigrationInterface {
  name = 'ScimAndRosterImport1795875048795';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "CREATE TABLE `roster_import_job` (`id` char(36) NOT NULL, `school_code` char(10) NULL, `format` varchar(8) NOT NULL, `status` varchar(16) NOT NULL, `total_rows` int NOT NULL, `written_rows` int NOT NULL DEFAULT '0', `accounts_total` int NOT NULL DEFAULT '0', `accounts_synced` int NOT NULL DEFAULT '0', `accounts_failed` int NOT NULL DEFAULT '0', `error` varchar(1000) NULL, `created_by` varchar(100) NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `committed_at` datetime(3) NULL, `finished_at` datetime(3) NULL, `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX `idx_roster_import_school_created` (`school_code`, `created_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      'CREATE TABLE `scim_external_id` (`person_id` char(36) NOT NULL, `external_id` varchar(255) NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), UNIQUE INDEX `uq_scim_external_id` (`external_id`), PRIMARY KEY (`person_id`)) ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `uq_scim_external_id` ON `scim_external_id`');
    await queryRunner.query('DROP TABLE `scim_external_id`');
    await queryRunner.query('DROP INDEX `idx_roster_import_school_created` ON `roster_import_job`');
    await queryRunner.query('DROP TABLE `roster_import_job`');
  }
}
