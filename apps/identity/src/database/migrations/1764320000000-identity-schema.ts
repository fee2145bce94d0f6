import { MigrationInterface, QueryRunner } from 'typeorm';

/** Identity's first schema: organisation tree and its history, people, role grants, audit, reconciliation runs. */
export class IdentitySchema1764320000000 implements MigrationInterface {
  name = 'IdentitySchema1764320000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`audit_entry\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`occurred_at\` datetime(3) NOT NULL, \`actor_id\` varchar(100) NOT NULL, \`actor_kind\` varchar(16) NOT NULL, \`actor_name\` varchar(100) NULL, \`action\` varchar(64) NOT NULL, \`entity_type\` varchar(32) NOT NULL, \`entity_id\` varchar(64) NOT NULL, \`school_code\` char(10) NULL, \`before\` json NULL, \`after\` json NULL, INDEX \`idx_audit_time\` (\`occurred_at\`), INDEX \`idx_audit_school_time\` (\`school_code\`, \`occurred_at\`), INDEX \`idx_audit_entity\` (\`entity_type\`, \`entity_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`org_history\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`org_id\` char(36) NOT NULL, \`change\` varchar(16) NOT NULL, \`name_before\` varchar(200) NULL, \`name_after\` varchar(200) NOT NULL, \`parent_before\` char(36) NULL, \`parent_after\` char(36) NULL, \`before\` json NULL, \`after\` json NOT NULL, \`actor_id\` varchar(100) NOT NULL, \`changed_at\` datetime(3) NOT NULL, INDEX \`idx_org_history_org\` (\`org_id\`, \`changed_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`org_unit\` (\`id\` char(36) NOT NULL, \`kind\` varchar(16) NOT NULL, \`name\` varchar(200) NOT NULL, \`parent_id\` char(36) NULL, \`school_code\` char(10) NULL, \`owning_school_code\` char(10) NULL, \`stage\` varchar(24) NULL, \`address\` varchar(300) NULL, \`version\` int NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`idx_org_unit_parent\` (\`parent_id\`), UNIQUE INDEX \`uq_org_unit_school_code\` (\`school_code\`), INDEX \`idx_org_unit_owning_school\` (\`owning_school_code\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`person\` (\`id\` char(36) NOT NULL, \`kind\` varchar(16) NOT NULL, \`staff_no\` varchar(64) NULL, \`student_no\` varchar(64) NULL, \`name\` varchar(100) NOT NULL, \`mobile\` varchar(20) NULL, \`email\` varchar(254) NULL, \`id_card_no\` char(18) NULL, \`birth_date\` date NULL, \`org_id\` char(36) NOT NULL, \`school_code\` char(10) NULL, \`status\` varchar(16) NOT NULL, \`departure_kind\` varchar(16) NULL, \`status_reason\` varchar(500) NULL, \`status_effective_date\` date NULL, \`keycloak_user_id\` char(36) NULL, \`keycloak_synced_at\` datetime(3) NULL, \`keycloak_sync_error\` varchar(1000) NULL, \`last_login_at\` datetime(3) NULL, \`active_since\` datetime(3) NOT NULL, \`dormant_since\` datetime(3) NULL, \`version\` int NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), UNIQUE INDEX \`uq_person_staff_no\` (\`staff_no\`), UNIQUE INDEX \`uq_person_student_no\` (\`student_no\`), INDEX \`idx_person_name\` (\`name\`), UNIQUE INDEX \`uq_person_id_card_no\` (\`id_card_no\`), INDEX \`idx_person_org\` (\`org_id\`), UNIQUE INDEX \`uq_person_keycloak_user\` (\`keycloak_user_id\`), INDEX \`idx_person_school_status\` (\`school_code\`, \`status\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`reconciliation_run\` (\`id\` char(36) NOT NULL, \`trigger\` varchar(16) NOT NULL, \`started_at\` datetime(3) NOT NULL, \`finished_at\` datetime(3) NULL, \`people_checked\` int NOT NULL DEFAULT '0', \`changes\` json NOT NULL, PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`role_grant\` (\`id\` char(36) NOT NULL, \`person_id\` char(36) NOT NULL, \`role\` varchar(32) NOT NULL, \`scope\` varchar(16) NOT NULL, \`school_code\` char(10) NULL, \`ends_at\` date NULL, \`granted_at\` datetime(3) NOT NULL, \`granted_by\` varchar(100) NOT NULL, \`revoked_at\` datetime(3) NULL, \`revoked_by\` varchar(100) NULL, INDEX \`idx_role_grant_school_role\` (\`school_code\`, \`role\`), INDEX \`idx_role_grant_person\` (\`person_id\`, \`revoked_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `ALTER TABLE \`org_unit\` ADD CONSTRAINT \`fk_org_unit_parent\` FOREIGN KEY (\`parent_id\`) REFERENCES \`org_unit\`(\`id\`) ON DELETE RESTRICT ON UPDATE RESTRICT`,
    );
    await queryRunner.query(
      `ALTER TABLE \`person\` ADD CONSTRAINT \`fk_person_org\` FOREIGN KEY (\`org_id\`) REFERENCES \`org_unit\`(\`id\`) ON DELETE RESTRICT ON UPDATE RESTRICT`,
    );
    await queryRunner.query(
      `ALTER TABLE \`role_grant\` ADD CONSTRAINT \`fk_role_grant_person\` FOREIGN KEY (\`person_id\`) REFERENCES \`person\`(\`id\`) ON DELETE RESTRICT ON UPDATE RESTRICT`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`role_grant\` DROP FOREIGN KEY \`fk_role_grant_person\``);
    await queryRunner.query(`ALTER TABLE \`person\` DROP FOREIGN KEY \`fk_person_org\``);
    await queryRunner.query(`ALTER TABLE \`org_unit\` DROP FOREIGN KEY \`fk_org_unit_parent\``);
    await queryRunner.query(`DROP TABLE \`role_grant\``);
    await queryRunner.query(`DROP TABLE \`reconciliation_run\``);
    await queryRunner.query(`DROP TABLE \`person\``);
    await queryRunner.query(`DROP TABLE \`org_unit\``);
    await queryRunner.query(`DROP TABLE \`org_history\``);
    await queryRunner.query(`DROP TABLE \`audit_entry\``);
  }
}
