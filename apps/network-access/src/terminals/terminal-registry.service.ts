import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, QueryFailedError } from 'typeorm';
import type { Actor } from '@edubase/contracts';
import { OutboxPublisher } from '@edubase/messaging';
import { TerminalEntity } from '../database/terminal.entity';
import { RegistrationReferences } from '../people/registration-references';
import { normalizeMac } from '../shared/mac-address';
import { likePrefix, pageOfQuery } from '../shared/registry-listing';
import { CreateTerminalDto, TerminalQueryDto, UpdateTerminalDto } from './terminal.dto';

function isDuplicateKey(error: unknown): boolean {
  return (
    error instanceof QueryFailedError && Reflect.get(error.driverError as object, 'code') === 'ER_DUP_ENTRY'
  );
}

/** `AA:BB:C` → `aa-bb-c`: a typed MAC prefix in the stored form (lower case, dashes), or none if not hex. */
function macPrefix(q: string): string | undefined {
  const digits = q.toLowerCase().replace(/[-:.]/g, '');
  return /^[0-9a-f]{1,12}$/.test(digits) ? (digits.match(/.{1,2}/g) ?? []).join('-') : undefined;
}

/** Terminal registry: MAC, school, type, owner, OS, 信创 flag; single registration and bulk import. */
@Injectable()
export class TerminalRegistryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxPublisher,
    private readonly references: RegistrationReferences,
  ) {}

  /** Terminals of these schools (undefined: every school), filtered and sorted, one page or the first 10,000. */
  async list(
    schoolCodes: readonly string[] | undefined,
    query: Omit<TerminalQueryDto, 'schoolCode'>,
    paged: boolean,
  ): Promise<{ rows: TerminalEntity[]; total: number }> {
    if (schoolCodes?.length === 0) return { rows: [], total: 0 };
    const builder = this.dataSource.getRepository(TerminalEntity).createQueryBuilder('terminal');
    if (schoolCodes) builder.where('terminal.schoolCode IN (:...schoolCodes)', { schoolCodes });
    if (query.type) builder.andWhere('terminal.type = :type', { type: query.type });
    if (query.isDomestic !== undefined)
      builder.andWhere('terminal.isDomestic = :isDomestic', { isDomestic: query.isDomestic });
    const prefixColumns = query.q ? [{ column: 'terminal.name', value: likePrefix(query.q) }] : [];
    const mac = query.q ? macPrefix(query.q) : undefined;
    if (mac) prefixColumns.push({ column: 'terminal.macAddress', value: likePrefix(mac) });
    const { rows, page } = await pageOfQuery(builder, {
      ...(paged ? { page: query.page, pageSize: query.pageSize } : { page: 1, pageSize: 10_000 }),
      sort: query.sort,
      prefixColumns,
      defaultOrder: [
        ['terminal.schoolCode', 'ASC'],
        ['terminal.macAddress', 'ASC'],
      ],
    });
    return { rows, total: page.total };
  }

  async get(id: string): Promise<TerminalEntity> {
    const terminal = await this.dataSource.getRepository(TerminalEntity).findOneBy({ id });
    if (!terminal) throw new NotFoundException(`terminal ${id} not found`);
    return terminal;
  }

  async register(input: CreateTerminalDto, actor: Actor): Promise<TerminalEntity> {
    const [terminal] = await this.registerMany([input], actor, () => '');
    return terminal!;
  }

  /**
   * All or nothing: a batch with one unknown school or owner (400, one entry per row and field, named by
   * `at`), or one duplicate MAC or account (409), stores none of its rows.
   */
  async registerMany(
    inputs: CreateTerminalDto[],
    actor: Actor,
    at: (index: number) => string = (index) => `terminals[${index}].`,
  ): Promise<TerminalEntity[]> {
    await this.references.assertKnown(
      inputs.map((input, index) => ({
        at: at(index),
        schoolCode: input.schoolCode,
        ownerPersonId: input.ownerPersonId ?? null,
      })),
    );
    const entities = inputs.map((input) => this.toEntity(input));
    const macs = entities.map((entity) => entity.macAddress);
    const repeated = macs.filter((mac, index) => macs.indexOf(mac) !== index);
    if (repeated.length)
      throw new ConflictException(`MAC listed twice in the import: ${[...new Set(repeated)].join(', ')}`);
    try {
      await this.dataSource.transaction(async (manager) => {
        const taken = await manager.find(TerminalEntity, {
          where: { macAddress: In(macs) },
          select: { macAddress: true },
        });
        if (taken.length) {
          throw new ConflictException(`already registered: ${taken.map((row) => row.macAddress).join(', ')}`);
        }
        // updateEntity(false): TypeORM would otherwise re-read defaulted columns raw (is_domestic as 0/1),
        // and the event below must carry the typed values.
        await manager
          .createQueryBuilder()
          .insert()
          .into(TerminalEntity)
          .values(entities)
          .updateEntity(false)
          .execute();
        await this.publishRegistered(manager, entities, actor);
      });
    } catch (error) {
      if (isDuplicateKey(error))
        throw new ConflictException('a MAC address or account name is already registered');
      throw error;
    }
    return entities;
  }

  async update(id: string, input: UpdateTerminalDto): Promise<TerminalEntity> {
    const existing = await this.get(id);
    if (input.ownerPersonId)
      await this.references.assertKnown([
        { at: '', schoolCode: existing.schoolCode, ownerPersonId: input.ownerPersonId, schoolStored: true },
      ]);
    const changes: Partial<TerminalEntity> = {};
    for (const key of Object.keys(input) as Array<keyof UpdateTerminalDto>) {
      if (input[key] !== undefined) Object.assign(changes, { [key]: input[key] });
    }
    if (Object.keys(changes).length)
      await this.dataSource.getRepository(TerminalEntity).update({ id }, changes);
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    await this.get(id);
    await this.dataSource.getRepository(TerminalEntity).delete({ id });
  }

  private toEntity(input: CreateTerminalDto): TerminalEntity {
    return this.dataSource.getRepository(TerminalEntity).create({
      id: randomUUID(),
      macAddress: normalizeMac(input.macAddress)!,
      schoolCode: input.schoolCode,
      type: input.type,
      name: input.name ?? null,
      ownerPersonId: input.ownerPersonId ?? null,
      operatingSystem: input.operatingSystem ?? null,
      isDomestic: input.isDomestic ?? false,
      accountName: input.accountName ?? null,
      chapSecret: input.chapSecret ?? null,
      vlan: input.vlan ?? null,
      enabled: true,
    });
  }

  private async publishRegistered(
    manager: EntityManager,
    terminals: TerminalEntity[],
    actor: Actor,
  ): Promise<void> {
    await this.outbox.publishMany(
      manager,
      'netaccess.terminal.registered.v1',
      terminals.map((terminal) => ({
        data: {
          terminalId: terminal.id,
          macAddress: terminal.macAddress,
          type: terminal.type,
          isDomestic: terminal.isDomestic,
          ownerPersonId: terminal.ownerPersonId,
        },
        aggregateKey: terminal.id,
        schoolCode: terminal.schoolCode,
        actor,
      })),
    );
  }
}
