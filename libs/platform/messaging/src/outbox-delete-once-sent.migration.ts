import { MigrationInterface, QueryRunner } from 'typeorm';
import { UNSENT_PLACEHOLDER } from './outbox-unsent-placeholder.migration';

/**
 * The relay deletes a row once Kafka has it, instead of marking it sent and purging it days later: each event
 * is written twice (insert, delete) rather than three times (insert, mark, purge), and with only the backlog
 * left in the table the relay reads it by primary key without the `(sent_at, id)` index that every mark had
 * to move (ADR 0003, third addendum). The sent rows kept until now go; Kafka holds those events.
 */
export class OutboxDeleteOnceSent1795894195513 implements MigrationInterface {
  name = 'OutboxDeleteOnceSent1795894195513';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM \`outbox_event\` WHERE \`sent_at\` <> '${UNSENT_PLACEHOLDER}'`);
    await queryRunner.query('ALTER TABLE `outbox_event` DROP INDEX `IDX_outbox_event_sent_at_id`');
    await queryRunner.query('ALTER TABLE `outbox_event` DROP COLUMN `sent_at`');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE \`outbox_event\` ADD \`sent_at\` datetime(3) NOT NULL DEFAULT '${UNSENT_PLACEHOLDER}'`,
    );
    await queryRunner.query('CREATE INDEX `IDX_outbox_event_sent_at_id` ON `outbox_event` (`sent_at`, `id`)');
  }
}
