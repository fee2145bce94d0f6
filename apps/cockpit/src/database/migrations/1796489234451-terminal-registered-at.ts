import { MigrationInterface, QueryRunner } from 'typeorm';

/** `terminal_state.registered_at`: when a terminal was registered (本月新增信创终端); filled by a rebuild. */
export class TerminalRegisteredAt1796489234451 implements MigrationInterface {
  name = 'TerminalRegisteredAt1796489234451';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `terminal_state` ADD `registered_at` datetime(3) NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `terminal_state` DROP COLUMN `registered_at`');
  }
}
