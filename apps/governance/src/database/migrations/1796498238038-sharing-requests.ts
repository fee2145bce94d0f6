import { MigrationInterface, QueryRunner } from 'typeorm';

export class SharingRequests1796498238038 implements MigrationInterface {
  name = 'SharingRequests1796498238038';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `sharing_request` (`id` char(36) NOT NULL, `dataset_id` char(36) NOT NULL, `school_code` char(10) NULL, `client_id` varchar(100) NOT NULL, `purpose` varchar(500) NOT NULL, `fields` text NOT NULL, `starts_on` date NOT NULL, `ends_on` date NOT NULL, `status` varchar(16) NOT NULL, `owner_approved_by` varchar(64) NULL, `officer_approved_by` varchar(64) NULL, `scope_name` varchar(64) NOT NULL, `scope_state` varchar(16) NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX `idx_sharing_request_scope_state` (`scope_state`), INDEX `idx_sharing_request_dataset_client` (`dataset_id`, `client_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `idx_sharing_request_dataset_client` ON `sharing_request`');
    await queryRunner.query('DROP INDEX `idx_sharing_request_scope_state` ON `sharing_request`');
    await queryRunner.query('DROP TABLE `sharing_request`');
  }
}
