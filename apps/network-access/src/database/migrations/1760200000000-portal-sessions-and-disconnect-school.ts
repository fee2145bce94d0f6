import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Captive portal sessions, and the school of each Disconnect-Request result so school network admins can
 * list their own (older rows take it from their session).
 */
export class PortalSessionsAndDisconnectSchool1760200000000 implements MigrationInterface {
  name = 'PortalSessionsAndDisconnectSchool1760200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`portal_session\` (\`id\` char(36) NOT NULL, \`person_id\` varchar(64) NOT NULL, \`staff_no\` varchar(64) NOT NULL, \`school_code\` char(10) NOT NULL, \`mac_address\` char(17) NOT NULL, \`framed_ip\` varchar(15) NOT NULL, \`nas_id\` char(36) NOT NULL, \`nas_ip\` varchar(15) NOT NULL, \`authorized_at\` datetime(3) NOT NULL, \`handoff_kind\` varchar(8) NOT NULL, \`handoff_result\` varchar(16) NOT NULL, \`handoff_detail\` varchar(200) NULL, \`answered_at\` datetime(3) NULL, INDEX \`idx_portal_session_person\` (\`person_id\`, \`authorized_at\`), INDEX \`idx_portal_session_mac\` (\`mac_address\`, \`authorized_at\`), INDEX \`idx_portal_session_ip\` (\`framed_ip\`, \`authorized_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(`ALTER TABLE \`disconnect_attempt\` ADD \`school_code\` char(10) NULL`);
    await queryRunner.query(
      `UPDATE \`disconnect_attempt\` d JOIN \`session\` s ON s.\`id\` = d.\`session_id\` SET d.\`school_code\` = s.\`school_code\` WHERE d.\`school_code\` IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX \`idx_disconnect_requested\` ON \`disconnect_attempt\` (\`requested_at\`)`,
    );
    await queryRunner.query(
      `CREATE INDEX \`idx_disconnect_school\` ON \`disconnect_attempt\` (\`school_code\`, \`requested_at\`)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`idx_disconnect_school\` ON \`disconnect_attempt\``);
    await queryRunner.query(`DROP INDEX \`idx_disconnect_requested\` ON \`disconnect_attempt\``);
    await queryRunner.query(`ALTER TABLE \`disconnect_attempt\` DROP COLUMN \`school_code\``);
    await queryRunner.query(`DROP TABLE \`portal_session\``);
  }
}
