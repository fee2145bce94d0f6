import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { DataSource, EntityMetadata } from 'typeorm';
import type { PayloadOf } from '@edubase/contracts';
import { catalogDeclarationOf, type CatalogDeclaration, type DatasetClassification } from '@edubase/masking';
import { messagingEntities, OutboxPublisher } from '@edubase/messaging';

type Catalog = PayloadOf<'catalog.service.described.v1'>;

/**
 * A dataset a service declares in code (@edubase/masking) bound to the table its properties are columns of,
 * so the catalog takes the declared grades and PI flags over. A declared dataset that is a view over several
 * tables (network access's 上网溯源记录) is bound once per table, naming the properties that table holds.
 */
export interface DeclaredTable {
  /** The TypeORM entity class whose properties the declaration names. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own entity target type
  entity: Function;
  dataset: DatasetClassification;
  /**
   * Declared field → the entity's property holding it, for the fields this table holds; when not said,
   * every declared field is the entity's property of that name.
   */
  properties?: Readonly<Record<string, string>>;
}

/**
 * Each bound table's columns (by database name) with their declared classification. A declaration naming a
 * property that is not a column of its entity, or an entity not among the service's, throws: a renamed
 * property must not leave a column silently unclassified.
 */
export function declarationsByTable(
  metadatas: readonly EntityMetadata[],
  declared: readonly DeclaredTable[],
): Map<string, Map<string, CatalogDeclaration>> {
  const tables = new Map<string, Map<string, CatalogDeclaration>>();
  for (const binding of declared) {
    const metadata = metadatas.find((candidate) => candidate.target === binding.entity);
    if (!metadata)
      throw new Error(`${binding.dataset.id}: ${binding.entity.name} is not an entity of the service`);
    const columns = tables.get(metadata.tableName) ?? new Map<string, CatalogDeclaration>();
    const fields = Object.keys(binding.dataset.fields);
    const properties = binding.properties ?? Object.fromEntries(fields.map((field) => [field, field]));
    for (const [field, property] of Object.entries(properties)) {
      if (!fields.includes(field)) throw new Error(`${binding.dataset.id}.${field}: not declared`);
      const column = metadata.columns.find((candidate) => candidate.propertyName === property);
      if (!column)
        throw new Error(
          `${binding.dataset.id}.${field}: ${property} is not a column of ${metadata.tableName}`,
        );
      columns.set(column.databaseName, catalogDeclarationOf(binding.dataset, field));
    }
    tables.set(metadata.tableName, columns);
  }
  return tables;
}

/** varchar(200), char(36), datetime(3), tinyint: the column's type as the migration declares it. */
function declaredType(column: EntityMetadata['columns'][number]): string {
  const type = typeof column.type === 'string' ? column.type : column.type.name.toLowerCase();
  const size = column.length || (column.precision ?? '');
  return `${type}${size === '' ? '' : `(${size})`}`.slice(0, 64);
}

/**
 * A service's tables and columns from its TypeORM entities, without the platform's own (outbox, processed
 * events): what governance's data catalog (数据目录) lists for it and asks people to classify.
 */
export function describeEntities(
  service: string,
  metadatas: readonly EntityMetadata[],
  declared: readonly DeclaredTable[] = [],
): Catalog {
  const platform = new Set<unknown>(messagingEntities);
  const declarations = declarationsByTable(metadatas, declared);
  return {
    service,
    datasets: metadatas
      .filter((metadata) => metadata.tableType === 'regular' && !platform.has(metadata.target))
      .map((metadata) => ({
        name: metadata.tableName,
        fields: metadata.columns.map((column) => ({
          name: column.databaseName,
          dataType: declaredType(column),
          nullable: column.isNullable,
          description: (column.comment || column.propertyName).slice(0, 500),
          ...withDeclaration(declarations.get(metadata.tableName)?.get(column.databaseName)),
        })),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

function withDeclaration(declared: CatalogDeclaration | undefined): { declared?: CatalogDeclaration } {
  return declared ? { declared: { ...declared } } : {};
}

/**
 * Publishes `catalog.service.described.v1` once per start, through the outbox like any event, so governance
 * registers the service's datasets and fields (new columns included) without a person typing them in, with
 * the classifications the service declares in code. A failure to publish is logged, never fatal: the catalog
 * catches up at the next start; a declaration that names no column stops the start. Built by ServiceModule.
 */
export class DataCatalogAnnouncer implements OnApplicationBootstrap {
  private readonly logger = new Logger(DataCatalogAnnouncer.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxPublisher,
    private readonly service: string,
    private readonly declared: readonly DeclaredTable[] = [],
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const catalog = describeEntities(this.service, this.dataSource.entityMetadatas, this.declared);
    try {
      await this.dataSource.transaction((manager) =>
        this.outbox.publish(manager, 'catalog.service.described.v1', catalog, {
          aggregateKey: `service:${this.service}`,
        }),
      );
    } catch (error) {
      this.logger.warn(`data catalog not announced: ${(error as Error).message}`);
    }
  }
}
