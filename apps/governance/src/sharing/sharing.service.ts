import {
  ForbiddenException,
  Injectable,
  Logger,
  NotFoundException,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import { ConflictException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Brackets, DataSource, EntityManager, In, LessThan } from 'typeorm';
import { AuditChain } from '@edubase/audit';
import { AuthenticatedUser, ChangeActor, holdsRole, systemActor } from '@edubase/auth';
import { OutboxPublisher } from '@edubase/messaging';
import { DataField, Dataset } from '../catalog/catalog.entities';
import { Clock } from '../common/clock';
import { fieldProblem } from '../common/field-problem';
import { GovernanceConfig } from '../governance.config';
import { InformationSystem } from '../information-systems/information-system.entity';
import { KeycloakClientScopes } from './keycloak-client-scopes';
import type { ApproveSharingDto, CreateSharingRequestDto } from './sharing.dto';
import { SharingRequest } from './sharing-request.entity';

/**
 * 数据共享: requests, the two approvals (data owner, security officer), and the Keycloak side: an approved
 * request's scope is put on the client, an ended one's removed, by `syncKeycloak` after the commit and on a
 * timer until Keycloak has it (the row's `scopeState` is the outbox). Each request, decision and expiry is
 * an admin action on the audit chain, appended in the same transaction.
 */
@Injectable()
export class SharingService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SharingService.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxPublisher,
    private readonly keycloak: KeycloakClientScopes,
    private readonly clock: Clock,
    private readonly config: GovernanceConfig,
    private readonly chain: AuditChain,
  ) {}

  onModuleInit(): void {
    const seconds = this.config.GOVERNANCE_SHARING_SYNC_SECONDS;
    if (seconds > 0)
      this.timer = setInterval(() => void this.expireDue().then(() => this.syncKeycloak()), seconds * 1000);
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async get(id: string): Promise<SharingRequest> {
    const row = await this.dataSource.getRepository(SharingRequest).findOneBy({ id });
    if (!row) throw new NotFoundException(`No sharing request ${id}.`);
    return row;
  }

  async list(
    owners: readonly string[] | undefined,
    status: SharingRequest['status'] | undefined,
    paging: { page: number; pageSize: number },
  ) {
    if (owners?.length === 0) return [[], 0] as [SharingRequest[], number];
    return this.dataSource.getRepository(SharingRequest).findAndCount({
      where: { ...(status ? { status } : {}), ...(owners ? { schoolCode: In([...owners]) } : {}) },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (paging.page - 1) * paging.pageSize,
      take: paging.pageSize,
    });
  }

  /** A new request; refused (400 naming the field) for unknown fields, a backwards period, or an overlap. */
  create(dataset: Dataset, input: CreateSharingRequestDto, actor: ChangeActor): Promise<SharingRequest> {
    if (input.endsOn < input.startsOn) throw fieldProblem('endsOn', 'is before startsOn');
    if (input.endsOn < this.clock.today()) throw fieldProblem('endsOn', 'is in the past');
    return this.dataSource.transaction(async (manager) => {
      const known = new Set((await manager.findBy(DataField, { datasetId: dataset.id })).map((f) => f.name));
      const unknown = input.fields.filter((field) => !known.has(field));
      if (unknown.length > 0)
        throw fieldProblem('fields', `${dataset.name} has no field ${unknown.join(', ')}`);
      // one running or pending request per dataset and client for any day: lock the pair's rows first
      const overlapping = await manager
        .createQueryBuilder(SharingRequest, 'r')
        .setLock('pessimistic_write')
        .where('r.datasetId = :dataset AND r.clientId = :client', {
          dataset: dataset.id,
          client: input.clientId,
        })
        .andWhere("r.status IN ('pending', 'approved')")
        .andWhere(
          new Brackets((q) =>
            q.where('r.startsOn <= :ends AND r.endsOn >= :starts', {
              ends: input.endsOn,
              starts: input.startsOn,
            }),
          ),
        )
        .getOne();
      if (overlapping)
        throw fieldProblem(
          'startsOn',
          `overlaps request ${overlapping.id} (${overlapping.startsOn} to ${overlapping.endsOn})`,
        );
      const id = randomUUID();
      const row = manager.create(SharingRequest, {
        id,
        datasetId: dataset.id,
        schoolCode: dataset.schoolCode,
        clientId: input.clientId,
        purpose: input.purpose,
        fields: [...new Set(input.fields)],
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        status: 'pending',
        ownerApprovedBy: null,
        officerApprovedBy: null,
        scopeName: `share-${id.slice(0, 8)}`,
        scopeState: 'none',
      });
      await manager.insert(SharingRequest, row);
      await this.audit(manager, actor, 'sharing.request', row, {
        datasetId: row.datasetId,
        clientId: row.clientId,
        purpose: row.purpose,
        fields: row.fields,
        startsOn: row.startsOn,
        endsOn: row.endsOn,
      });
      return row;
    });
  }

  /**
   * The data owner's or the security officer's decision. The owner is the owner school's administrator
   * (the district administrator for district data); the officer a security officer reaching the data.
   * Both approvals make it approved: the event is published and the scope queued for Keycloak.
   */
  async approve(
    id: string,
    input: ApproveSharingDto,
    user: AuthenticatedUser,
    actor: ChangeActor,
  ): Promise<SharingRequest> {
    const row = await this.dataSource.transaction(async (manager) => {
      const request = await manager.findOne(SharingRequest, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!request) throw new NotFoundException(`No sharing request ${id}.`);
      if (request.status !== 'pending')
        throw new ConflictException(`Sharing request ${id} is ${request.status}.`);
      const ownerRole = request.schoolCode === null ? 'district-admin' : 'school-admin';
      const role = input.as === 'owner' ? ownerRole : 'security-officer';
      if (!holdsRole(user, role, request.schoolCode))
        throw new ForbiddenException(`Approving as ${input.as} takes the role ${role} for this data.`);
      if (input.decision === 'rejected') {
        request.status = 'rejected';
        await this.audit(manager, actor, 'sharing.reject', request, { as: input.as });
        return manager.save(request);
      }
      if (input.as === 'owner') request.ownerApprovedBy = actor.name.slice(0, 64);
      else request.officerApprovedBy = actor.name.slice(0, 64);
      // the entry says whether this approval was the second one, which grants the scope
      const granted = Boolean(request.ownerApprovedBy && request.officerApprovedBy);
      await this.audit(manager, actor, 'sharing.approve', request, { as: input.as, granted });
      if (granted) {
        request.status = 'approved';
        request.scopeState = 'grant-pending';
        const dataset = await manager.findOneByOrFail(Dataset, { id: request.datasetId });
        const system = await manager.findOneByOrFail(InformationSystem, { id: dataset.systemId });
        await this.outbox.publish(
          manager,
          'governance.sharing.approved.v1',
          {
            requestId: id,
            datasetId: request.datasetId,
            service: system.sourceService,
            datasetName: dataset.name,
            schoolCode: request.schoolCode,
            clientId: request.clientId,
            scope: request.scopeName,
            fields: request.fields,
            startsOn: request.startsOn,
            endsOn: request.endsOn,
          },
          {
            aggregateKey: `sharing:${id}`,
            ...(request.schoolCode ? { schoolCode: request.schoolCode } : {}),
            actor,
          },
        );
      }
      return manager.save(request);
    });
    if (row.scopeState === 'grant-pending') await this.syncKeycloak();
    return this.get(id);
  }

  /** Approved requests whose end date has passed (China date) end: event, and the scope queued for removal. */
  async expireDue(): Promise<number> {
    const actor = systemActor('governance.sharing-expiry');
    return this.dataSource.transaction(async (manager) => {
      const ended = await manager.find(SharingRequest, {
        where: { status: 'approved', endsOn: LessThan(this.clock.today()) },
        lock: { mode: 'pessimistic_write' },
      });
      for (const request of ended) {
        request.status = 'expired';
        request.scopeState = 'revoke-pending';
        await manager.save(request);
        await this.audit(manager, actor, 'sharing.expire', request, { endsOn: request.endsOn });
        await this.outbox.publish(
          manager,
          'governance.sharing.expired.v1',
          {
            requestId: request.id,
            datasetId: request.datasetId,
            schoolCode: request.schoolCode,
            clientId: request.clientId,
            scope: request.scopeName,
          },
          {
            aggregateKey: `sharing:${request.id}`,
            ...(request.schoolCode ? { schoolCode: request.schoolCode } : {}),
            actor,
          },
        );
      }
      return ended.length;
    });
  }

  /** Applies every queued grant and removal to Keycloak; a failure stays queued for the next run. */
  async syncKeycloak(): Promise<void> {
    const queued = await this.dataSource.getRepository(SharingRequest).findBy({
      scopeState: In(['grant-pending', 'revoke-pending']),
    });
    for (const request of queued) {
      try {
        if (request.scopeState === 'grant-pending')
          await this.keycloak.grant(request.clientId, request.scopeName);
        else await this.keycloak.revoke(request.clientId, request.scopeName);
        await this.dataSource
          .getRepository(SharingRequest)
          .update(
            { id: request.id, scopeState: request.scopeState },
            { scopeState: request.scopeState === 'grant-pending' ? 'granted' : 'revoked' },
          );
      } catch (error) {
        this.logger.warn(`sharing ${request.id}: Keycloak not updated yet (${(error as Error).message})`);
      }
    }
  }

  /** An admin action on a sharing request, appended to the audit chain in the writer's transaction. */
  private audit(
    manager: EntityManager,
    actor: ChangeActor,
    action: string,
    request: SharingRequest,
    detail: object,
  ): Promise<void> {
    return this.chain.append(manager, [
      {
        actor,
        action,
        subjectType: 'sharing-request',
        subjectId: request.id,
        schoolCode: request.schoolCode,
        detail: { scope: request.scopeName, ...detail },
      },
    ]);
  }
}
