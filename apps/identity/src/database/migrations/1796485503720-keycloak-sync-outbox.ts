import { MigrationInterface, QueryRunner } from 'typeorm';

/** The Keycloak sync outbox: one pending request per person, retried until Keycloak has the change. */
export class KeycloakSyncOutbox1796485503720 implements MigrationInterface {
  name = 'KeycloakSyncOutbox1796485503720';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "CREATE TABLE `keycloak_sync_request` (`person_id` char(36) NOT NULL, `generation` int UNSIGNED NOT NULL, `pending_since` datetime(3) NOT NULL, `requested_at` datetime(3) NOT NULL, `attempts` int UNSIGNED NOT NULL DEFAULT '0', `next_attempt_at` datetime(3) NOT NULL, `last_error` varchar(1000) NULL, `leased_by` char(36) NULL, `leased_until` datetime(3) NULL, INDEX `idx_keycloak_sync_request_due` (`next_attempt_at`), PRIMARY KEY (`person_id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      'ALTER TABLE `keycloak_sync_request` ADD CONSTRAINT `fk_keycloak_sync_request_person` FOREIGN KEY (`person_id`) REFERENCES `person`(`id`) ON DELETE CASCADE ON UPDATE RESTRICT',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE `keycloak_sync_request` DROP FOREIGN KEY `fk_keycloak_sync_request_person`',
    );
    await queryRunner.query('DROP INDEX `idx_keycloak_sync_request_due` ON `keycloak_sync_request`');
    await queryRunner.query('DROP TABLE `keycloak_sync_request`');
  }
}
