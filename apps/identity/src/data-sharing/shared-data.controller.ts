import { Controller, ForbiddenException, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Matches } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { DataSource, In } from 'typeorm';
import { AuditChain } from '@edubase/audit';
import { actorOf, AuthenticatedUser, CurrentUser, scopesMatching, ServiceScopes } from '@edubase/auth';
import { invalidField, OptionalField, Page, PageQuery } from '@edubase/http';
import { Person } from '../people/person.entity';
import { todayInShanghai } from '../shared/dates';
import { sharedFieldsFor } from './shared-data-access';
import { SharedDataGrant } from './shared-data-grant.entity';

/** The scopes governance makes for approved data-sharing requests (`share-<request id…>`). */
export const SHARING_SCOPES = 'share-*';

/** Identity's datasets a sharing request can name, by table: what governance's catalog calls them. */
const SHAREABLE = { person: Person } as const;

export class SharedDataQuery extends PageQuery {
  @ApiPropertyOptional({
    description: 'Columns to read, comma-separated; all approved ones when left out',
    example: 'name,school_code',
  })
  @OptionalField()
  @Matches(/^[a-z][a-z0-9_]{0,63}(,[a-z][a-z0-9_]{0,63}){0,99}$/, {
    message: '$property must be column names, comma-separated',
  })
  fields?: string;
}

/**
 * 数据共享, the serving side: a district system whose client-credentials token carries the scope of an
 * approved request reads exactly the approved fields of that dataset while the period runs; anything else
 * is a 403. Each read is on identity's audit chain (`<dataset>.read`), so governance's compliance audit sees
 * who read personal data. Values are as stored: two approvals (the data owner and the security officer)
 * are this client's clearance for these fields, which is what the request was for.
 */
@ApiTags('数据共享')
@Controller('shared-data')
export class SharedDataController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AuditChain) private readonly chain: AuditChain,
  ) {}

  @Get(':dataset')
  @ServiceScopes(SHARING_SCOPES)
  @ApiOperation({ summary: 'Read the approved fields of a shared dataset (district systems, share-* scope)' })
  async read(
    @Param('dataset') dataset: string,
    @Query() query: SharedDataQuery,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<Page<Record<string, unknown>> & { fields: string[] }> {
    if (!Object.hasOwn(SHAREABLE, dataset))
      throw invalidField('dataset', `identity shares ${Object.keys(SHAREABLE).join(', ')}`);
    const entity = SHAREABLE[dataset as keyof typeof SHAREABLE];
    const held = scopesMatching(user, SHARING_SCOPES);
    const grants = await this.dataSource.getRepository(SharedDataGrant).findBy({ scope: In(held) });
    const decision = sharedFieldsFor(grants, {
      clientId: user.clientId,
      dataset,
      today: todayInShanghai(),
      ...(query.fields ? { fields: query.fields.split(',') } : {}),
    });
    if (!decision.allowed) throw new ForbiddenException(decision.reason);
    const metadata = this.dataSource.getMetadata(entity);
    // a field approved before its column was dropped is simply not there any more
    const columns = decision.fields.filter((field) => metadata.columns.some((c) => c.databaseName === field));
    const dateColumns = new Set(
      metadata.columns.filter((column) => column.type === 'date').map((column) => column.databaseName),
    );
    return this.dataSource.transaction(async (manager) => {
      const builder = manager
        .createQueryBuilder(entity, 'row')
        .orderBy('row.id', 'ASC')
        .offset((query.page - 1) * query.pageSize)
        .limit(query.pageSize);
      columns.forEach((column, index) => {
        const property = `row.${metadata.findColumnWithDatabaseName(column)!.propertyPath}`;
        if (index === 0) builder.select(property, column);
        else builder.addSelect(property, column);
      });
      const [items, total] = await Promise.all([
        columns.length ? builder.getRawMany<Record<string, unknown>>() : Promise.resolve([]),
        builder.getCount(),
      ]);
      await this.chain.append(manager, [
        {
          actor: actorOf(user),
          action: `${dataset}.read`,
          subjectType: dataset,
          subjectId: null,
          schoolCode: null,
          detail: { scopes: decision.scopes, fields: columns, rows: items.length, page: query.page },
        },
      ]);
      return {
        items: items.map((item) => pick(item, columns, dateColumns)),
        total,
        page: query.page,
        pageSize: query.pageSize,
        fields: columns,
      };
    });
  }
}

/**
 * The raw row's columns (selected under their column names), and only those; a calendar date as the date
 * it is (`2013-05-06`), not as midnight UTC, which a raw read of a `date` column gives.
 */
function pick(
  raw: Record<string, unknown>,
  columns: readonly string[],
  dateColumns: ReadonlySet<string>,
): Record<string, unknown> {
  return Object.fromEntries(
    columns.map((column) => {
      const value = raw[column] ?? null;
      return [
        column,
        dateColumns.has(column) && value instanceof Date ? value.toISOString().slice(0, 10) : value,
      ];
    }),
  );
}
