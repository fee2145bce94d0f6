import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox and processed-event tables. Every service lists this class in its own migrations, next to
 * its own, and registers `messagingEntities` in its DataSource.
 */
export class CreateMessagingTables1760000000000 implements MigrationInterface {
  name = 'CreateMessagingTables1760000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`outbox_event\` (
        \`id\` bigint UNSIGNED NOT NULL AUTO_INCREMENT,
        \`event_id\` char(36) NOT NULL,
        \`topic\` varchar(200) NOT NULL,
        \`aggregate_key\` varchar(200) NOT NULL,
        \`payload\` longtext NOT NULL,
        \`headers\` text NULL,
        \`created_at\` datetime(3) NOT NULL,
        \`sent_at\` datetime(3) NULL,
        INDEX \`IDX_outbox_event_sent_at_id\` (\`sent_at\`, \`id\`),
        PRIMARY KEY (\`id\`)
      ) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`processed_event\` (
        \`consumer_group\` varchar(150) NOT NULL,
        \`event_id\` char(36) NOT NULL,
        \`topic\` varchar(200) NOT NULL,
        \`processed_at\` datetime(3) NOT NULL,
        INDEX \`IDX_processed_event_processed_at\` (\`processed_at\`),
        PRIMARY KEY (\`consumer_group\`, \`event_id\`)
      ) ENGINE=InnoDB`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `processed_event`');
    await queryRunner.query('DROP TABLE `outbox_event`');
  }
}
