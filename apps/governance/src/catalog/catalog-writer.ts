import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager, In, IsNull } from 'typeorm';
import { AuditChain } from '@edubase/audit';
import type { ChangeActor } from '@edubase/auth';
import type { DataGrade, PayloadOf } from '@edubase/contracts';
import { OutboxPublisher } from '@edubase/messaging';
import { fieldProblem } from '../common/field-problem';
import type { InformationSystem } from '../information-systems/information-system.entity';
import { DataField, Dataset, DatasetOrigin, DatasetSource } from './catalog.entities';
import { highestGrade } from './grade-rules';

export interface NewField {
  name: string;
  dataType?: string | null;
  description?: string | null;
}

/** A field's classification as its service declares it in code (`catalog.service.described.v1`). */
export type DeclaredField = NonNullable<
  PayloadOf<'catalog.service.described.v1'>['datasets'][number]['fields'][number]['declared']
>;

/** `classifiedBy` of a classification a service declared, never a person's name. */
export const declaredBy = (service: string): string => `service:${service}`.slice(0, 64);

export interface NewDataset {
  name: string;
  title?: string | null;
  fields: readonly NewField[];
  /** Datasets it is derived from (ids), any system's. */
  derivedFrom?: readonly string[];
}

type DatasetState = PayloadOf<'governance.dataset.classified.v1'>;

/**
 * Every write to the catalog goes through here, inside the caller's transaction: datasets and fields
 * registered (from the API, an import, a service's own description), and the effective grades kept right
 * (就高从严) through derived datasets, each change announced as the dataset's whole state; a registration
 * is an admin action on the audit chain, in the same transaction.
 */
@Injectable()
export class CatalogWriter {
  constructor(
    private readonly outbox: OutboxPublisher,
    private readonly chain: AuditChain,
  ) {}

  /**
   * Adds a dataset to a system, or the fields it lacks to an existing one of that name (a service that
   * gained a column). Sources are checked: unknown ids and cycles are a 400 naming `derivedFrom`.
   */
  async register(
    manager: EntityManager,
    system: InformationSystem,
    input: NewDataset,
    origin: DatasetOrigin,
    actor: ChangeActor,
  ): Promise<Dataset> {
    let dataset = await manager.findOneBy(Dataset, { systemId: system.id, name: input.name });
    const isNew = dataset === null;
    if (!dataset) {
      dataset = manager.create(Dataset, {
        id: randomUUID(),
        systemId: system.id,
        schoolCode: system.schoolCode,
        name: input.name,
        title: input.title ?? null,
        origin,
        grade: null,
      });
      await manager.insert(Dataset, dataset);
    }
    const existing = await manager.findBy(DataField, { datasetId: dataset.id });
    const known = new Set(existing.map((f) => f.name));
    // a field that comes back (a column re-added) is no longer removed
    const reappearing = existing.filter(
      (field) => field.removedAt !== null && input.fields.some((f) => f.name === field.name),
    );
    if (reappearing.length > 0)
      await manager.update(DataField, { id: In(reappearing.map((field) => field.id)) }, { removedAt: null });
    const added = input.fields
      .filter((field) => !known.has(field.name))
      .map((field) =>
        manager.create(DataField, {
          id: randomUUID(),
          datasetId: dataset.id,
          name: field.name,
          dataType: field.dataType ?? null,
          description: field.description ?? null,
          category: null,
          grade: null,
          personal: false,
          sensitive: false,
          minor: false,
          classifiedAt: null,
          classifiedBy: null,
          removedAt: null,
        }),
      );
    if (added.length > 0) await manager.insert(DataField, added);
    if (input.derivedFrom?.length) await this.addSources(manager, dataset.id, input.derivedFrom);
    if (isNew || added.length > 0 || reappearing.length > 0 || input.derivedFrom?.length) {
      await this.recompute(manager, [dataset.id], actor, 'governance.dataset.registered.v1');
      await this.chain.append(manager, [
        {
          actor,
          action: isNew ? 'dataset.register' : 'dataset.extend',
          subjectType: 'dataset',
          subjectId: dataset.id,
          schoolCode: dataset.schoolCode,
          detail: {
            systemId: system.id,
            name: dataset.name,
            origin,
            addedFields: [...added, ...reappearing].map((field) => field.name),
            derivedFrom: input.derivedFrom ?? [],
          },
        },
      ]);
    }
    return manager.findOneByOrFail(Dataset, { id: dataset.id });
  }

  /**
   * Applies a service's declared classifications to the dataset's fields that no person has classified
   * (unclassified, or classified by the service's earlier declaration: a changed declaration follows, one
   * withdrawn leaves the field unclassified again); a person's classification is never overwritten. The
   * grades and counts follow, and each change is on the audit chain.
   */
  async applyDeclared(
    manager: EntityManager,
    dataset: Dataset,
    declared: ReadonlyMap<string, DeclaredField | undefined>,
    service: string,
    now: Date,
    actor: ChangeActor,
  ): Promise<void> {
    const source = declaredBy(service);
    const changed: string[] = [];
    for (const field of await manager.findBy(DataField, { datasetId: dataset.id, removedAt: IsNull() })) {
      if (field.classifiedBy !== null && field.classifiedBy !== source) continue;
      const declaration = declared.get(field.name);
      if (!declaration && field.classifiedBy === null) continue;
      const next = declaration
        ? { ...declaration, classifiedAt: now, classifiedBy: source }
        : {
            category: null,
            grade: null,
            personal: false,
            sensitive: false,
            minor: false,
            classifiedAt: null,
            classifiedBy: null,
          };
      const same =
        field.category === next.category &&
        field.grade === next.grade &&
        field.personal === next.personal &&
        field.sensitive === next.sensitive &&
        field.minor === next.minor &&
        field.classifiedBy === next.classifiedBy;
      if (same) continue;
      await manager.update(DataField, { id: field.id }, next);
      changed.push(field.name);
    }
    if (changed.length === 0) return;
    await this.recompute(manager, [dataset.id], actor, 'governance.dataset.classified.v1');
    await this.chain.append(manager, [
      {
        actor,
        action: 'dataset.declare',
        subjectType: 'dataset',
        subjectId: dataset.id,
        schoolCode: dataset.schoolCode,
        detail: { name: dataset.name, classifiedBy: source, fields: changed },
      },
    ]);
  }

  /**
   * A service's description no longer lists these fields (columns dropped, or the whole table): they are
   * marked removed, the dataset's grade and counts follow, and the pruning is on the audit chain.
   */
  async markRemoved(
    manager: EntityManager,
    dataset: Dataset,
    names: readonly string[],
    removedAt: Date,
    actor: ChangeActor,
  ): Promise<void> {
    if (names.length === 0) return;
    await manager.update(DataField, { datasetId: dataset.id, name: In([...names]) }, { removedAt });
    await this.recompute(manager, [dataset.id], actor, 'governance.dataset.classified.v1');
    await this.chain.append(manager, [
      {
        actor,
        action: 'dataset.prune',
        subjectType: 'dataset',
        subjectId: dataset.id,
        schoolCode: dataset.schoolCode,
        detail: { name: dataset.name, removedFields: [...names] },
      },
    ]);
  }

  /**
   * Recomputes the effective grade of these datasets and of everything derived from them, and announces
   * each one's state (`topic` for the datasets asked about, classified for derived ones whose grade rose).
   */
  async recompute(
    manager: EntityManager,
    datasetIds: readonly string[],
    actor: ChangeActor,
    topic: 'governance.dataset.registered.v1' | 'governance.dataset.classified.v1',
  ): Promise<void> {
    const announce = new Map<string, typeof topic>(datasetIds.map((id) => [id, topic]));
    const queue = [...datasetIds];
    // Sources form no cycle (addSources refuses one), so this ends; the bound is a guard, not a rule.
    for (let steps = 0; queue.length > 0 && steps < 10_000; steps += 1) {
      const id = queue.shift()!;
      const dataset = await manager.findOneByOrFail(Dataset, { id });
      const grade = await this.effectiveGrade(manager, id);
      if (grade === dataset.grade) continue;
      await manager.update(Dataset, { id }, { grade });
      for (const link of await manager.findBy(DatasetSource, { sourceId: id })) {
        queue.push(link.datasetId);
        if (!announce.has(link.datasetId)) announce.set(link.datasetId, 'governance.dataset.classified.v1');
      }
    }
    for (const [id, eventTopic] of announce) {
      const state = await this.state(manager, id);
      await this.outbox.publish(manager, eventTopic, state, {
        aggregateKey: `dataset:${id}`,
        ...(state.schoolCode === null ? {} : { schoolCode: state.schoolCode }),
        actor,
      });
    }
  }

  /** The dataset's state as its events carry it. */
  async state(manager: EntityManager, datasetId: string): Promise<DatasetState> {
    const dataset = await manager.findOneByOrFail(Dataset, { id: datasetId });
    const [counts] = (await manager.query(
      `SELECT COUNT(*) AS fields,
              SUM(grade IS NOT NULL AND category IS NOT NULL) AS classified,
              SUM(is_personal AND grade = 'general') AS pi_general,
              SUM(is_personal AND grade = 'important') AS pi_important,
              SUM(is_personal AND grade = 'core') AS pi_core,
              SUM(is_minor) AS minor
         FROM data_field WHERE dataset_id = ? AND removed_at IS NULL`,
      [datasetId],
    )) as Record<string, string | null>[];
    const n = (key: string) => Number(counts?.[key] ?? 0);
    return {
      datasetId,
      systemId: dataset.systemId,
      schoolCode: dataset.schoolCode,
      grade: dataset.grade,
      fields: n('fields'),
      classifiedFields: n('classified'),
      piFieldsByGrade: { general: n('pi_general'), important: n('pi_important'), core: n('pi_core') },
      minorPiFields: n('minor'),
    };
  }

  private async effectiveGrade(manager: EntityManager, datasetId: string): Promise<DataGrade | null> {
    const fields = await manager.find(DataField, {
      where: { datasetId, removedAt: IsNull() },
      select: { grade: true },
    });
    const links = await manager.findBy(DatasetSource, { datasetId });
    const sources = links.length
      ? await manager.find(Dataset, { where: { id: In(links.map((link) => link.sourceId)) } })
      : [];
    return highestGrade([...fields.map((field) => field.grade), ...sources.map((source) => source.grade)]);
  }

  private async addSources(
    manager: EntityManager,
    datasetId: string,
    sourceIds: readonly string[],
  ): Promise<void> {
    const unique = [...new Set(sourceIds)];
    const found = await manager.findBy(Dataset, { id: In(unique) });
    if (found.length !== unique.length)
      throw fieldProblem(
        'derivedFrom',
        `unknown datasets: ${unique.filter((id) => !found.some((d) => d.id === id)).join(', ')}`,
      );
    // a cycle would make a dataset its own source: walk the sources' ancestry
    const seen = new Set<string>();
    const walk = [...unique];
    while (walk.length > 0) {
      const id = walk.pop()!;
      if (id === datasetId)
        throw fieldProblem('derivedFrom', 'a dataset cannot derive from itself or from what derives from it');
      if (seen.has(id)) continue;
      seen.add(id);
      walk.push(...(await manager.findBy(DatasetSource, { datasetId: id })).map((link) => link.sourceId));
    }
    await manager.upsert(
      DatasetSource,
      unique.map((sourceId) => ({ datasetId, sourceId })),
      ['datasetId', 'sourceId'],
    );
  }
}
