import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The projection of identity's schools. Identity's org events were consumed (and not stored) before it
 * existed, so the schools of the people already projected (who came from identity) are taken over; the
 * next org event of each school fills in its id and name. NAS and terminals are not a source: they were
 * registered unchecked.
 */
export class SchoolProjection1760400000000 implements MigrationInterface {
  name = 'SchoolProjection1760400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`school\` (\`school_code\` char(10) NOT NULL, \`org_id\` varchar(64) NULL, \`name\` varchar(200) NULL, \`as_of\` datetime(3) NOT NULL, INDEX \`idx_school_org\` (\`org_id\`), PRIMARY KEY (\`school_code\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `INSERT IGNORE INTO \`school\` (\`school_code\`, \`as_of\`)
       SELECT DISTINCT \`school_code\`, '1970-01-01' FROM \`person\` WHERE \`school_code\` IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE \`school\``);
  }
}
