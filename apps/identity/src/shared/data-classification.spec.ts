import { DataSource } from 'typeorm';
import { describeEntities } from '@edubase/service';
import { identityEntities } from '../database/data-source';
import { identityDeclaredTables } from './data-classification';

/** The entities' metadata as TypeORM builds it at start, without a connection. */
async function entityMetadatas() {
  const dataSource = new DataSource({ type: 'mysql', database: 'unconnected', entities: identityEntities });
  await (dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
  return dataSource.entityMetadatas;
}

describe("identity's declared datasets in the catalog", () => {
  it("put every declared person field on its column of person, minors' PI marked", async () => {
    const catalog = describeEntities('identity', await entityMetadatas(), identityDeclaredTables);
    const person = catalog.datasets.find((dataset) => dataset.name === 'person')!;
    const declared = Object.fromEntries(
      person.fields.filter((field) => field.declared).map((field) => [field.name, field.declared]),
    );
    expect(Object.keys(declared).sort()).toEqual(
      ['birth_date', 'email', 'id_card_no', 'mobile', 'name', 'staff_no', 'student_no'].sort(),
    );
    expect(declared['student_no']).toEqual({
      grade: 'important',
      category: 'student',
      personal: true,
      sensitive: true,
      minor: true,
    });
    expect(declared['staff_no']).toMatchObject({ category: 'staff', personal: false, minor: false });
    // a minor's 身份证号 and name are minors' PI like the rest of their record
    expect(declared['id_card_no']).toMatchObject({ grade: 'core', sensitive: true, minor: true });
    expect(declared['name']).toMatchObject({ grade: 'general', personal: true, minor: true });
  });
});
