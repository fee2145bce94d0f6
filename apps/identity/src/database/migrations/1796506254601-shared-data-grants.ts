import { MigrationInterface, QueryRunner } from 'typeorm';

export class SharedDataGrants1796506254601 implements MigrationInterface {
  name = 'SharedDataGrants1796506254601';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `shared_data_grant` (`scope` varchar(64) NOT NULL, `request_id` varchar(64) NOT NULL, `client_id` varchar(255) NOT NULL, `dataset` varchar(128) NOT NULL, `fields` json NOT NULL, `starts_on` date NOT NULL, `ends_on` date NOT NULL, `status` varchar(12) NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), PRIMARY KEY (`scope`)) ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `shared_data_grant`');
  }
}
