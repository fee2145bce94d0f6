import {
  ConflictException,
  Injectable,
  Logger,
  NotFoundException,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, QueryFailedError } from 'typeorm';
import type { Actor } from '@edubase/contracts';
import { OutboxPublisher } from '@edubase/messaging';
import { NasEntity } from '../database/nas.entity';
import { NetworkAccessConfig } from '../network-access.config';
import { RegistrationReferences } from '../people/registration-references';
import type { RadiusClient } from '../server/radius-server';
import { likePrefix, pageOfQuery } from '../shared/registry-listing';
import { CreateNasDto, NasQueryDto, UpdateNasDto } from './nas.dto';

/** A registered NAS as the RADIUS engine uses it. */
export interface RegisteredNas extends RadiusClient {
  name: string;
  coaPort: number;
}

/** Other instances' changes reach this one within this interval; its own changes apply at once. */
const REFRESH_INTERVAL_MS = 30_000;

function isDuplicateKey(error: unknown): boolean {
  return (
    error instanceof QueryFailedError && Reflect.get(error.driverError as object, 'code') === 'ER_DUP_ENTRY'
  );
}

/**
 * The NAS registry (per school: IP, shared secret, vendor, model, location), kept in MariaDB and mirrored
 * in memory keyed by IP, because every RADIUS datagram is authenticated against it before anything else.
 */
@Injectable()
export class NasRegistryService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('NasRegistry');
  private byIp = new Map<string, RegisteredNas>();
  private byId = new Map<string, RegisteredNas>();
  private refreshTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxPublisher,
    private readonly config: NetworkAccessConfig,
    private readonly references: RegistrationReferences,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.reload();
    this.refreshTimer = setInterval(() => {
      this.reload().catch((error: Error) =>
        this.logger.warn(`NAS registry refresh failed: ${error.message}`),
      );
    }, REFRESH_INTERVAL_MS);
    this.refreshTimer.unref();
  }

  onModuleDestroy(): void {
    if (this.refreshTimer) clearInterval(this.refreshTimer);
  }

  lookupByIp(ip: string): RegisteredNas | undefined {
    return this.byIp.get(ip);
  }

  lookupById(id: string): RegisteredNas | undefined {
    return this.byId.get(id);
  }

  async reload(): Promise<void> {
    const rows = await this.dataSource.getRepository(NasEntity).find();
    const byIp = new Map<string, RegisteredNas>();
    const byId = new Map<string, RegisteredNas>();
    for (const row of rows) {
      const nas = this.toClient(row);
      byIp.set(nas.ip, nas);
      byId.set(nas.id, nas);
    }
    this.byIp = byIp;
    this.byId = byId;
  }

  /** NAS of these schools (undefined: every school), filtered and sorted as asked, one page or all of them. */
  async list(
    schoolCodes: readonly string[] | undefined,
    query: Pick<NasQueryDto, 'q' | 'sort' | 'page' | 'pageSize'>,
    paged: boolean,
  ): Promise<{ rows: NasEntity[]; total: number }> {
    if (schoolCodes?.length === 0) return { rows: [], total: 0 };
    const builder = this.dataSource.getRepository(NasEntity).createQueryBuilder('nas');
    if (schoolCodes) builder.where('nas.schoolCode IN (:...schoolCodes)', { schoolCodes });
    const prefix = query.q ? likePrefix(query.q) : undefined;
    const { rows, page } = await pageOfQuery(builder, {
      // The whole list for unpaged callers: a district's NAS are hundreds at most.
      ...(paged ? { page: query.page, pageSize: query.pageSize } : { page: 1, pageSize: 5_000 }),
      sort: query.sort,
      prefixColumns: prefix
        ? [
            { column: 'nas.name', value: prefix },
            { column: 'nas.ip', value: prefix },
          ]
        : [],
      defaultOrder: [
        ['nas.schoolCode', 'ASC'],
        ['nas.name', 'ASC'],
        ['nas.id', 'ASC'],
      ],
    });
    return { rows, total: page.total };
  }

  async get(id: string): Promise<NasEntity> {
    const nas = await this.dataSource.getRepository(NasEntity).findOneBy({ id });
    if (!nas) throw new NotFoundException(`NAS ${id} not found`);
    return nas;
  }

  async register(input: CreateNasDto, actor: Actor): Promise<NasEntity> {
    await this.references.assertKnown([{ at: '', schoolCode: input.schoolCode }]);
    const nas = await this.dataSource
      .transaction(async (manager) => {
        const entity = manager.create(NasEntity, {
          id: randomUUID(),
          schoolCode: input.schoolCode,
          name: input.name,
          ip: input.ip,
          sharedSecret: input.sharedSecret,
          vendor: input.vendor,
          model: input.model ?? null,
          location: input.location ?? null,
          requireMessageAuthenticator: input.requireMessageAuthenticator ?? false,
          coaPort: input.coaPort ?? this.config.COA_DEFAULT_PORT,
          enabled: true,
        });
        await manager.insert(NasEntity, entity);
        await this.outbox.publish(
          manager,
          'netaccess.nas.registered.v1',
          {
            nasId: entity.id,
            ip: entity.ip,
            vendor: entity.vendor,
            model: entity.model,
            location: entity.location,
          },
          { aggregateKey: entity.id, schoolCode: entity.schoolCode, actor },
        );
        return entity;
      })
      .catch((error: unknown) => {
        if (isDuplicateKey(error))
          throw new ConflictException(`A NAS with IP ${input.ip} is already registered`);
        throw error;
      });
    const stored = await this.get(nas.id);
    this.remember(stored);
    return stored;
  }

  async update(id: string, input: UpdateNasDto): Promise<NasEntity> {
    const existing = await this.get(id);
    const changes: Partial<NasEntity> = {};
    for (const key of Object.keys(input) as Array<keyof UpdateNasDto>) {
      if (input[key] !== undefined) Object.assign(changes, { [key]: input[key] });
    }
    if (Object.keys(changes).length > 0) {
      await this.dataSource
        .getRepository(NasEntity)
        .update({ id }, changes)
        .catch((error: unknown) => {
          if (isDuplicateKey(error))
            throw new ConflictException(`A NAS with IP ${input.ip} is already registered`);
          throw error;
        });
    }
    const stored = await this.get(id);
    this.forget(existing);
    this.remember(stored);
    return stored;
  }

  async remove(id: string): Promise<NasEntity> {
    const existing = await this.get(id);
    await this.dataSource.getRepository(NasEntity).delete({ id });
    this.forget(existing);
    return existing;
  }

  private toClient(row: NasEntity): RegisteredNas {
    return {
      id: row.id,
      ip: row.ip,
      name: row.name,
      schoolCode: row.schoolCode,
      secret: Buffer.from(row.sharedSecret, 'utf8'),
      requireMessageAuthenticator: Boolean(row.requireMessageAuthenticator),
      enabled: Boolean(row.enabled),
      coaPort: row.coaPort,
    };
  }

  private remember(row: NasEntity): void {
    const nas = this.toClient(row);
    this.byIp.set(nas.ip, nas);
    this.byId.set(nas.id, nas);
  }

  private forget(row: NasEntity): void {
    this.byIp.delete(row.ip);
    this.byId.delete(row.id);
  }
}
