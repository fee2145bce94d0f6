import type { DataSource, EntityManager, EntityMetadata } from 'typeorm';
import { defineDataset } from '@edubase/masking';
import type { OutboxPublisher } from '@edubase/messaging';
import { DataCatalogAnnouncer, describeEntities, type DeclaredTable } from './data-catalog';

class Pupil {}
class Login {}

/** Just what describeEntities reads of TypeORM's metadata. */
function table(target: object, tableName: string, columns: [string, string][]): EntityMetadata {
  return {
    target,
    tableName,
    tableType: 'regular',
    columns: columns.map(([propertyName, databaseName]) => ({
      propertyName,
      databaseName,
      type: 'varchar',
      length: '64',
      isNullable: true,
      comment: undefined,
    })),
  } as unknown as EntityMetadata;
}

const PUPIL_DATASET = defineDataset({
  id: 'test.pupil',
  title: '学生',
  category: 'student',
  holdsMinors: true,
  fields: {
    name: { grade: 'general', pi: 'name' },
    idCardNo: { grade: 'core', pi: 'id_card' },
    email: { grade: 'general', pi: 'email', minorGrade: 'important' },
  },
});

const metadatas = [
  table(Pupil, 'pupil', [
    ['id', 'id'],
    ['name', 'name'],
    ['idCardNo', 'id_card_no'],
    ['email', 'email'],
  ]),
  table(Login, 'login', [
    ['id', 'id'],
    ['pupilEmail', 'pupil_email'],
  ]),
];

describe('describeEntities with declared datasets', () => {
  it("puts each declaration on its column, by the property's database name, and nothing on the others", () => {
    const catalog = describeEntities('test', metadatas, [
      { entity: Pupil, dataset: PUPIL_DATASET },
      { entity: Login, dataset: PUPIL_DATASET, properties: { email: 'pupilEmail' } },
    ]);
    const pupil = catalog.datasets.find((dataset) => dataset.name === 'pupil')!;
    expect(pupil.fields.find((field) => field.name === 'id')?.declared).toBeUndefined();
    expect(pupil.fields.find((field) => field.name === 'id_card_no')?.declared).toEqual({
      grade: 'core',
      category: 'student',
      personal: true,
      sensitive: true,
      minor: true,
    });
    const login = catalog.datasets.find((dataset) => dataset.name === 'login')!;
    expect(login.fields.find((field) => field.name === 'pupil_email')?.declared).toMatchObject({
      grade: 'important',
      minor: true,
    });
  });

  it('describes without declarations as before', () => {
    const catalog = describeEntities('test', metadatas);
    expect(catalog.datasets.flatMap((dataset) => dataset.fields).some((field) => 'declared' in field)).toBe(
      false,
    );
  });

  it('fails loudly when a declared property is not a column of its entity', () => {
    const renamed: DeclaredTable = { entity: Login, dataset: PUPIL_DATASET, properties: { email: 'mail' } };
    expect(() => describeEntities('test', metadatas, [renamed])).toThrow(
      'test.pupil.email: mail is not a column of login',
    );
    // the dataset's own names, on a table that lacks them
    expect(() => describeEntities('test', metadatas, [{ entity: Login, dataset: PUPIL_DATASET }])).toThrow(
      'test.pupil.name: name is not a column of login',
    );
  });

  it('fails loudly on a field the dataset does not declare, or an entity the service does not have', () => {
    expect(() =>
      describeEntities('test', metadatas, [
        { entity: Login, dataset: PUPIL_DATASET, properties: { mobile: 'pupilEmail' } },
      ]),
    ).toThrow('test.pupil.mobile: not declared');
    class Stranger {}
    expect(() => describeEntities('test', metadatas, [{ entity: Stranger, dataset: PUPIL_DATASET }])).toThrow(
      'Stranger is not an entity of the service',
    );
  });
});

describe('DataCatalogAnnouncer', () => {
  it('publishes the description with the declarations through the outbox, keyed by the service', async () => {
    const published: unknown[][] = [];
    const manager = {} as EntityManager;
    const dataSource = {
      entityMetadatas: metadatas,
      transaction: (work: (m: EntityManager) => Promise<void>) => work(manager),
    } as unknown as DataSource;
    const outbox = {
      publish: (...args: unknown[]) => {
        published.push(args);
        return Promise.resolve();
      },
    } as unknown as OutboxPublisher;
    await new DataCatalogAnnouncer(dataSource, outbox, 'test', [
      { entity: Pupil, dataset: PUPIL_DATASET },
    ]).onApplicationBootstrap();
    expect(published).toHaveLength(1);
    const [used, topic, payload, options] = published[0]!;
    expect(used).toBe(manager);
    expect(topic).toBe('catalog.service.described.v1');
    expect(options).toEqual({ aggregateKey: 'service:test' });
    const email = (payload as ReturnType<typeof describeEntities>).datasets
      .find((dataset) => dataset.name === 'pupil')!
      .fields.find((field) => field.name === 'email');
    expect(email?.declared).toEqual({
      grade: 'important',
      category: 'student',
      personal: true,
      sensitive: true,
      minor: true,
    });
  });
});
