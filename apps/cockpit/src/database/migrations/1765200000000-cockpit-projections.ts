import { MigrationInterface, QueryRunner } from 'typeorm';

/** The projection tables of the cockpit: per-entity state rows and time-bucketed counters. */
export class CockpitProjections1765200000000 implements MigrationInterface {
  name = 'CockpitProjections1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `indicator_bucket` (`scope` varchar(10) NOT NULL, `metric` varchar(48) NOT NULL, `grain` varchar(6) NOT NULL, `bucket_start` datetime NOT NULL, `dimension` varchar(48) NOT NULL, `value` bigint NOT NULL, PRIMARY KEY (`scope`, `metric`, `grain`, `bucket_start`, `dimension`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `projection_meta` (`name` varchar(64) NOT NULL, `value` varchar(200) NOT NULL, PRIMARY KEY (`name`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `org_state` (`org_id` varchar(64) NOT NULL, `kind` varchar(16) NOT NULL, `name` varchar(200) NOT NULL, `parent_id` varchar(64) NULL, `school_code` char(10) NULL, `stage` varchar(24) NULL, `version` varchar(64) NOT NULL, INDEX `idx_org_state_school` (`school_code`), PRIMARY KEY (`org_id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `person_state` (`person_id` varchar(64) NOT NULL, `kind` varchar(16) NULL, `school_code` char(10) NULL, `profile_version` varchar(64) NULL, `status` varchar(16) NULL, `status_version` varchar(64) NULL, INDEX `idx_person_state_school` (`school_code`, `status`), PRIMARY KEY (`person_id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `role_state` (`person_id` varchar(64) NOT NULL, `role` varchar(32) NOT NULL, `scope_key` varchar(10) NOT NULL, `school_code` char(10) NULL, `granted` tinyint NOT NULL, `ends_at` date NULL, `version` varchar(64) NOT NULL, INDEX `idx_role_state_school` (`school_code`, `role`), PRIMARY KEY (`person_id`, `role`, `scope_key`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `nas_state` (`nas_id` varchar(64) NOT NULL, `school_code` char(10) NULL, `vendor` varchar(50) NOT NULL, `version` varchar(64) NOT NULL, INDEX `idx_nas_state_school` (`school_code`), PRIMARY KEY (`nas_id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `session_state` (`session_id` varchar(64) NOT NULL, `school_code` char(10) NULL, `username` varchar(253) NULL, `person_id` varchar(64) NULL, `nas_id` varchar(64) NULL, `info_version` varchar(64) NULL, `started_at` datetime(3) NULL, `start_version` varchar(64) NULL, `stopped_at` datetime(3) NULL, `stop_version` varchar(64) NULL, INDEX `idx_session_state_open` (`stopped_at`, `school_code`), PRIMARY KEY (`session_id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `terminal_state` (`terminal_id` varchar(64) NOT NULL, `school_code` char(10) NULL, `type` varchar(16) NOT NULL, `is_domestic` tinyint NOT NULL, `version` varchar(64) NOT NULL, INDEX `idx_terminal_state_school` (`school_code`), PRIMARY KEY (`terminal_id`)) ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'terminal_state',
      'session_state',
      'nas_state',
      'role_state',
      'person_state',
      'org_state',
      'projection_meta',
      'indicator_bucket',
    ]) {
      await queryRunner.query(`DROP TABLE \`${table}\``);
    }
  }
}
