import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import type { ChangeActor } from '@edubase/auth';
import { OutboxPublisher } from '@edubase/messaging';
import { InformationSystem } from './information-system.entity';
import type { CreateInformationSystemDto } from './information-systems.dto';

@Injectable()
export class InformationSystemsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxPublisher,
  ) {}

  /** One page of the information-systems of these schools, newest first (undefined: every school), and their total. */
  async list(
    schoolCodes: readonly string[] | undefined,
    paging: { page: number; pageSize: number },
  ): Promise<[InformationSystem[], number]> {
    if (schoolCodes?.length === 0) return [[], 0];
    return this.dataSource.getRepository(InformationSystem).findAndCount({
      where: schoolCodes ? { schoolCode: In([...schoolCodes]) } : {},
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (paging.page - 1) * paging.pageSize,
      take: paging.pageSize,
    });
  }

  async get(id: string): Promise<InformationSystem> {
    const row = await this.dataSource.getRepository(InformationSystem).findOneBy({ id });
    if (!row) throw new NotFoundException(`No information-system ${id}.`);
    return row;
  }

  /** Writes the row and its event in one transaction: the event exists exactly when the row does. */
  create(input: CreateInformationSystemDto, actor: ChangeActor): Promise<InformationSystem> {
    return this.dataSource.transaction(async (manager) => {
      const row = manager.create(InformationSystem, {
        id: randomUUID(),
        schoolCode: input.schoolCode,
        name: input.name,
      });
      await manager.insert(InformationSystem, row);
      await this.outbox.publish(
        manager,
        'governance.information-system.created.v1',
        { informationSystemId: row.id, schoolCode: row.schoolCode, name: row.name },
        { aggregateKey: `information-system:${row.id}`, schoolCode: row.schoolCode, actor },
      );
      return manager.findOneByOrFail(InformationSystem, { id: row.id });
    });
  }
}
