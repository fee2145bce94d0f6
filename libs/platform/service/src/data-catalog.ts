import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { DataSource, EntityMetadata } from 'typeorm';
import type { PayloadOf } from '@edubase/contracts';
import { messagingEntities, OutboxPublisher } from '@edubase/messaging';

type Catalog = PayloadOf<'catalog.service.described.v1'>;

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
export function describeEntities(service: string, metadatas: readonly EntityMetadata[]): Catalog {
  const platform = new Set<unknown>(messagingEntities);
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
        })),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/**
 * Publishes `catalog.service.described.v1` once per start, through the outbox like any event, so governance
 * registers the service's datasets and fields (new columns included) without a person typing them in. A
 * failure is logged, never fatal: the catalog catches up at the next start. Built by ServiceModule.
 */
export class DataCatalogAnnouncer implements OnApplicationBootstrap {
  private readonly logger = new Logger(DataCatalogAnnouncer.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxPublisher,
    private readonly service: string,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const catalog = describeEntities(this.service, this.dataSource.entityMetadatas);
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
