import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditChain } from '@edubase/audit';
import type { ChangeActor } from '@edubase/auth';
import { OutboxPublisher } from '@edubase/messaging';
import { detect } from '../classification/detection/detect';
import { Clock } from '../common/clock';
import { fieldProblem } from '../common/field-problem';
import { InformationSystem } from '../information-systems/information-system.entity';
import { ClassificationReview, DataField, Dataset, DatasetSource } from './catalog.entities';
import { CatalogWriter, NewDataset } from './catalog-writer';
import type { ClassifyFieldDto, DatasetQueryDto, ReviewQueryDto, ScanDatasetDto } from './catalog.dto';
import { impliedFlags, suggestionFor } from './grade-rules';

export type Owners = readonly string[] | undefined;
export type Counts = { fields: number; classifiedFields: number };

@Injectable()
export class CatalogService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writer: CatalogWriter,
    private readonly outbox: OutboxPublisher,
    private readonly clock: Clock,
    private readonly chain: AuditChain,
  ) {}

  async list(owners: Owners, query: DatasetQueryDto): Promise<[Array<[Dataset, Counts]>, number]> {
    if (owners?.length === 0) return [[], 0];
    const [rows, total] = await this.dataSource.getRepository(Dataset).findAndCount({
      where: {
        ...(owners ? { schoolCode: In([...owners]) } : {}),
        ...(query.systemId ? { systemId: query.systemId } : {}),
      },
      order: { name: 'ASC', id: 'ASC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    const counts = await this.counts(rows.map((row) => row.id));
    return [rows.map((row) => [row, counts.get(row.id) ?? { fields: 0, classifiedFields: 0 }]), total];
  }

  async get(id: string): Promise<Dataset> {
    const row = await this.dataSource.getRepository(Dataset).findOneBy({ id });
    if (!row) throw new NotFoundException(`No dataset ${id}.`);
    return row;
  }

  async detail(dataset: Dataset): Promise<{ counts: Counts; fields: DataField[]; sources: string[] }> {
    const counts = (await this.counts([dataset.id])).get(dataset.id) ?? { fields: 0, classifiedFields: 0 };
    const fields = await this.dataSource.getRepository(DataField).find({
      where: { datasetId: dataset.id },
      order: { name: 'ASC' },
    });
    const sources = await this.dataSource.getRepository(DatasetSource).findBy({ datasetId: dataset.id });
    return { counts, fields, sources: sources.map((source) => source.sourceId) };
  }

  async system(id: string): Promise<InformationSystem> {
    const system = await this.dataSource.getRepository(InformationSystem).findOneBy({ id });
    if (!system) throw fieldProblem('systemId', `no information system ${id}`);
    return system;
  }

  register(
    system: InformationSystem,
    input: NewDataset,
    origin: 'api' | 'import',
    actor: ChangeActor,
  ): Promise<Dataset> {
    return this.dataSource.transaction((manager) =>
      this.writer.register(manager, system, input, origin, actor),
    );
  }

  /** A person's classification of one field; the dataset's grade and its derived datasets' follow. */
  classify(
    dataset: Dataset,
    fieldId: string,
    input: ClassifyFieldDto,
    actor: ChangeActor,
  ): Promise<DataField> {
    return this.dataSource.transaction(async (manager) => {
      const field = await this.fieldOf(manager, dataset.id, fieldId);
      const previous = classificationOf(field);
      Object.assign(field, impliedFlags(input), {
        category: input.category,
        grade: input.grade,
        classifiedAt: this.clock.now(),
        classifiedBy: actor.name.slice(0, 64),
      });
      await manager.save(field);
      await this.writer.recompute(manager, [dataset.id], actor, 'governance.dataset.classified.v1');
      await this.chain.append(manager, [
        {
          actor,
          action: 'field.classify',
          subjectType: 'data-field',
          subjectId: field.id,
          schoolCode: dataset.schoolCode,
          detail: { datasetId: dataset.id, ...classificationOf(field), previous },
        },
      ]);
      return field;
    });
  }

  /**
   * Runs detection over sampled values of the dataset's fields and files a review for each field the values
   * (or its name) say holds PI: a suggestion a person accepts or rejects; nothing is classified yet. A field
   * keeps one pending review, the newest.
   */
  scan(dataset: Dataset, input: ScanDatasetDto, actor: ChangeActor): Promise<ClassificationReview[]> {
    return this.dataSource.transaction(async (manager) => {
      const fields = await manager.findBy(DataField, { datasetId: dataset.id });
      const byName = new Map(fields.map((field) => [field.name, field]));
      input.columns.forEach((sample, index) => {
        if (!byName.has(sample.column))
          throw fieldProblem(`columns[${index}].column`, `${dataset.name} has no field ${sample.column}`);
      });
      const today = this.clock.today().replace(/-/g, '');
      const reviews: ClassificationReview[] = [];
      for (const sample of input.columns) {
        const found = detect(sample.column, sample.values, today);
        if (found.suggested === 'none') continue;
        const field = byName.get(sample.column)!;
        const suggestion = suggestionFor(found.suggested);
        await manager.delete(ClassificationReview, { fieldId: field.id, status: 'pending' });
        reviews.push(
          manager.create(ClassificationReview, {
            id: randomUUID(),
            fieldId: field.id,
            datasetId: dataset.id,
            schoolCode: dataset.schoolCode,
            detectedLabel: found.suggested,
            confidence: found.confidence,
            suggestedGrade: suggestion.grade,
            suggestedPersonal: suggestion.personal,
            suggestedSensitive: suggestion.sensitive,
            suggestedMinor: suggestion.minor,
            status: 'pending',
            decidedBy: null,
            decidedAt: null,
          }),
        );
      }
      if (reviews.length > 0) {
        await manager.insert(ClassificationReview, reviews);
        // the reviews, not the sampled values: those may be PI themselves
        await this.chain.append(manager, [
          {
            actor,
            action: 'dataset.scan',
            subjectType: 'dataset',
            subjectId: dataset.id,
            schoolCode: dataset.schoolCode,
            detail: {
              reviews: reviews.map((review) => ({
                reviewId: review.id,
                fieldId: review.fieldId,
                detectedLabel: review.detectedLabel,
              })),
            },
          },
        ]);
      }
      return reviews;
    });
  }

  async reviews(owners: Owners, query: ReviewQueryDto): Promise<[ClassificationReview[], number]> {
    if (owners?.length === 0) return [[], 0];
    return this.dataSource.getRepository(ClassificationReview).findAndCount({
      where: { status: query.status, ...(owners ? { schoolCode: In([...owners]) } : {}) },
      order: { createdAt: 'ASC', id: 'ASC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
  }

  /** What a person reads for these datasets: the title, else the table name. */
  async datasetNames(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.getRepository(Dataset).findBy({ id: In([...new Set(ids)]) });
    return new Map(rows.map((row) => [row.id, row.title ?? row.name]));
  }

  /** The dataset and field names of these reviews, by review id, in two reads. */
  async reviewNames(
    reviews: readonly ClassificationReview[],
  ): Promise<Map<string, { datasetName: string; fieldName: string }>> {
    if (reviews.length === 0) return new Map();
    const [datasetName, fields] = await Promise.all([
      this.datasetNames(reviews.map((review) => review.datasetId)),
      this.dataSource.getRepository(DataField).findBy({ id: In(reviews.map((review) => review.fieldId)) }),
    ]);
    const fieldName = new Map(fields.map((row) => [row.id, row.name]));
    return new Map(
      reviews.map((review) => [
        review.id,
        {
          datasetName: datasetName.get(review.datasetId) ?? review.datasetId,
          fieldName: fieldName.get(review.fieldId) ?? review.fieldId,
        },
      ]),
    );
  }

  async review(id: string): Promise<ClassificationReview> {
    const row = await this.dataSource.getRepository(ClassificationReview).findOneBy({ id });
    if (!row) throw new NotFoundException(`No review ${id}.`);
    return row;
  }

  /** Accepted: the suggestion becomes the field's classification. Either way the review is closed, once. */
  decide(
    reviewId: string,
    decision: 'accepted' | 'rejected',
    category: ClassifyFieldDto['category'] | undefined,
    actor: ChangeActor,
  ): Promise<ClassificationReview> {
    return this.dataSource.transaction(async (manager) => {
      const review = await manager.findOne(ClassificationReview, {
        where: { id: reviewId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!review) throw new NotFoundException(`No review ${reviewId}.`);
      if (review.status !== 'pending')
        throw new ConflictException(`Review ${reviewId} is ${review.status} already.`);
      Object.assign(review, {
        status: decision,
        decidedBy: actor.name.slice(0, 64),
        decidedAt: this.clock.now(),
      });
      await manager.save(review);
      await this.chain.append(manager, [
        {
          actor,
          action: `review.${decision === 'accepted' ? 'accept' : 'reject'}`,
          subjectType: 'classification-review',
          subjectId: review.id,
          schoolCode: review.schoolCode,
          detail: {
            datasetId: review.datasetId,
            fieldId: review.fieldId,
            detectedLabel: review.detectedLabel,
            suggestedGrade: review.suggestedGrade,
            ...(decision === 'accepted' && category ? { category } : {}),
          },
        },
      ]);
      if (decision === 'accepted') {
        const field = await this.fieldOf(manager, review.datasetId, review.fieldId);
        Object.assign(field, {
          grade: review.suggestedGrade,
          personal: review.suggestedPersonal,
          sensitive: review.suggestedSensitive,
          minor: review.suggestedMinor,
          category: category ?? field.category ?? (review.suggestedMinor ? 'student' : 'other'),
          classifiedAt: this.clock.now(),
          classifiedBy: actor.name.slice(0, 64),
        });
        await manager.save(field);
        await this.writer.recompute(manager, [review.datasetId], actor, 'governance.dataset.classified.v1');
      }
      await this.outbox.publish(
        manager,
        'governance.review.completed.v1',
        {
          reviewId,
          datasetId: review.datasetId,
          fieldId: review.fieldId,
          schoolCode: review.schoolCode,
          decision,
        },
        {
          aggregateKey: `dataset:${review.datasetId}`,
          ...(review.schoolCode ? { schoolCode: review.schoolCode } : {}),
          actor,
        },
      );
      return review;
    });
  }

  private async fieldOf(manager: EntityManager, datasetId: string, fieldId: string): Promise<DataField> {
    const field = await manager.findOne(DataField, {
      where: { id: fieldId, datasetId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!field) throw new NotFoundException(`No field ${fieldId} in dataset ${datasetId}.`);
    return field;
  }

  private async counts(datasetIds: string[]): Promise<Map<string, Counts>> {
    if (datasetIds.length === 0) return new Map();
    const rows = (await this.dataSource.query(
      `SELECT dataset_id AS id, COUNT(*) AS fields, SUM(grade IS NOT NULL AND category IS NOT NULL) AS classified
         FROM data_field WHERE dataset_id IN (?) AND removed_at IS NULL GROUP BY dataset_id`,
      [datasetIds],
    )) as { id: string; fields: string; classified: string | null }[];
    return new Map(
      rows.map((row) => [
        row.id,
        { fields: Number(row.fields), classifiedFields: Number(row.classified ?? 0) },
      ]),
    );
  }
}

/** A field's classification as its audit chain entries record it (before and after). */
function classificationOf(field: DataField) {
  return {
    category: field.category,
    grade: field.grade,
    personal: field.personal,
    sensitive: field.sensitive,
    minor: field.minor,
  };
}
