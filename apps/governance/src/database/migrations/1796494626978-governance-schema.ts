import { MigrationInterface, QueryRunner } from 'typeorm';

export class GovernanceSchema1796494626978 implements MigrationInterface {
  name = 'GovernanceSchema1796494626978';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `information_system` (`id` char(36) NOT NULL, `school_code` char(10) NOT NULL, `name` varchar(200) NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX `idx_information_system_school` (`school_code`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `idx_information_system_school` ON `information_system`');
    await queryRunner.query('DROP TABLE `information_system`');
  }
}
