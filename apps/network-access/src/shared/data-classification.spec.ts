import { DataSource } from 'typeorm';
import { describeEntities } from '@edubase/service';
import { networkAccessEntities } from '../database/entities';
import { networkAccessDeclaredTables } from './data-classification';

/** The entities' metadata as TypeORM builds it at start, without a connection. */
async function entityMetadatas() {
  const dataSource = new DataSource({
    type: 'mysql',
    database: 'unconnected',
    entities: networkAccessEntities,
  });
  await (dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
  return dataSource.entityMetadatas;
}

describe("network access's declared trace dataset in the catalog", () => {
  it('puts each declared field on the column of the table the trace answer reads it from', async () => {
    const catalog = describeEntities('network-access', await entityMetadatas(), networkAccessDeclaredTables);
    const declared = catalog.datasets.flatMap((dataset) =>
      dataset.fields.filter((field) => field.declared).map((field) => `${dataset.name}.${field.name}`),
    );
    expect(declared.sort()).toEqual(
      [
        'person.name',
        'portal_session.framed_ip',
        'portal_session.mac_address',
        'session.framed_ip',
        'session.mac_address',
        'session.username',
      ].sort(),
    );
    const name = catalog.datasets
      .find((dataset) => dataset.name === 'person')!
      .fields.find((field) => field.name === 'name');
    expect(name?.declared).toEqual({
      grade: 'core',
      category: 'network-security',
      personal: true,
      sensitive: true,
      minor: true,
    });
  });
});
