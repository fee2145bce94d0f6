import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `sent_at` of a row not sent yet, while rows were kept after sending (until OutboxDeleteOnceSent): the
 * smallest DATETIME, never a real send time.
 */
export const UNSENT_PLACEHOLDER = '1000-01-01 00:00:00.000';

/**
 * `outbox_event.sent_at` becomes NOT NULL with a placeholder for "not sent yet". Setting a NULL column
 * grew every row and moved its `(sent_at, id)` index entry; overwriting a fixed-size value updates the row
 * in place, which makes "mark sent" about 2.5 times cheaper (ADR 0003, addendum).
 */
export class OutboxUnsentPlaceholder1795878494894 implements MigrationInterface {
  name = 'OutboxUnsentPlaceholder1795878494894';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE \`outbox_event\` SET \`sent_at\` = '${UNSENT_PLACEHOLDER}' WHERE \`sent_at\` IS NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE \`outbox_event\` MODIFY \`sent_at\` datetime(3) NOT NULL DEFAULT '${UNSENT_PLACEHOLDER}'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `outbox_event` MODIFY `sent_at` datetime(3) NULL');
    await queryRunner.query(
      `UPDATE \`outbox_event\` SET \`sent_at\` = NULL WHERE \`sent_at\` = '${UNSENT_PLACEHOLDER}'`,
    );
  }
}
