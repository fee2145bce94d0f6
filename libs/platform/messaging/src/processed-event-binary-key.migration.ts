import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `processed_event.event_id` becomes the id's 16 bytes (BINARY(16)) instead of 36 utf8mb4 characters compared
 * under a collation, and the `processed_at` index goes. With event ids that grow with time (UUIDv7,
 * `newEventId`) the key itself is in time order: old ids are found by key range (EventConsumer's forgetting),
 * and each claim no longer maintains a second index. Measured in ADR 0003, third addendum. MariaDB's UUID type
 * would do the byte compare too, but it orders other UUID versions in a way no key range can rely on.
 */
export class ProcessedEventBinaryKey1795896442000 implements MigrationInterface {
  name = 'ProcessedEventBinaryKey1795896442000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE `processed_event` ADD `event_key` binary(16) NULL AFTER `consumer_group`',
    );
    await queryRunner.query("UPDATE `processed_event` SET `event_key` = UNHEX(REPLACE(`event_id`, '-', ''))");
    await queryRunner.query(
      `ALTER TABLE \`processed_event\` DROP PRIMARY KEY, DROP INDEX \`IDX_processed_event_processed_at\`,
         DROP COLUMN \`event_id\`, CHANGE \`event_key\` \`event_id\` binary(16) NOT NULL,
         ADD PRIMARY KEY (\`consumer_group\`, \`event_id\`)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE `processed_event` ADD `event_text` char(36) NULL AFTER `consumer_group`',
    );
    await queryRunner.query(
      `UPDATE \`processed_event\` SET \`event_text\` = LOWER(CONCAT_WS('-', SUBSTR(HEX(\`event_id\`), 1, 8),
         SUBSTR(HEX(\`event_id\`), 9, 4), SUBSTR(HEX(\`event_id\`), 13, 4), SUBSTR(HEX(\`event_id\`), 17, 4),
         SUBSTR(HEX(\`event_id\`), 21)))`,
    );
    await queryRunner.query(
      `ALTER TABLE \`processed_event\` DROP PRIMARY KEY, DROP COLUMN \`event_id\`,
         CHANGE \`event_text\` \`event_id\` char(36) NOT NULL, ADD PRIMARY KEY (\`consumer_group\`, \`event_id\`),
         ADD INDEX \`IDX_processed_event_processed_at\` (\`processed_at\`)`,
    );
  }
}
