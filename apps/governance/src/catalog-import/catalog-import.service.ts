import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ChangeActor } from '@edubase/auth';
import { ProblemException, VALIDATION_PROBLEM_TYPE } from '@edubase/http';
import {
  DEFAULT_UPLOAD_LIMITS,
  readUploadedTable,
  UploadRefusal,
  uploadProblem,
  type UploadLimits,
} from '@edubase/uploads';
import { CatalogWriter, type NewDataset } from '../catalog/catalog-writer';
import { DataField, Dataset } from '../catalog/catalog.entities';
import { fieldProblem } from '../common/field-problem';
import { InformationSystem } from '../information-systems/information-system.entity';
import { parseCatalogSheet, type SheetError } from './catalog-sheet';

/** A catalog file is a few hundred rows; the platform's limits, narrowed to what such a file needs. */
export const CATALOG_UPLOAD_LIMITS: Readonly<UploadLimits> = Object.freeze({
  ...DEFAULT_UPLOAD_LIMITS,
  maxRows: 10_000,
  maxColumns: 16,
  maxCellChars: 500,
});

export interface ImportOutcome {
  dryRun: boolean;
  /** Per dataset: whether it is new, the fields the import adds and those the catalog already has. */
  datasets: { name: string; isNew: boolean; newFields: string[]; existingFields: string[] }[];
  errors: SheetError[];
}

/**
 * 数据目录 import for systems that are not EduBase services (those describe themselves): the file is read in
 * a worker with limits (`@edubase/uploads`), every row checked, a dry run previews, and a commit writes all
 * datasets and fields in one transaction or nothing (400 listing every error), each registration through
 * the catalog writer (events, audit chain) as the API's.
 */
@Injectable()
export class CatalogImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writer: CatalogWriter,
  ) {}

  async system(id: string): Promise<InformationSystem> {
    const system = await this.dataSource.getRepository(InformationSystem).findOneBy({ id });
    if (!system) throw fieldProblem('systemId', `no information system ${id}`);
    if (system.sourceService)
      throw fieldProblem(
        'systemId',
        `${system.name} describes its own datasets at start-up; nothing to import`,
      );
    return system;
  }

  async preview(system: InformationSystem, file: Buffer): Promise<ImportOutcome> {
    const { datasets, errors } = await this.read(file);
    return { dryRun: true, datasets: await this.summary(this.dataSource.manager, system, datasets), errors };
  }

  async commit(system: InformationSystem, file: Buffer, actor: ChangeActor): Promise<ImportOutcome> {
    const { datasets, errors } = await this.read(file);
    if (errors.length > 0)
      throw new ProblemException({
        status: 400,
        type: VALIDATION_PROBLEM_TYPE,
        title: 'Request validation failed',
        detail: `The file has ${errors.length} error(s); nothing was imported.`,
        extensions: {
          errors: errors.map((error) => ({
            field: `rows[${error.row}].${error.column}`,
            reason: error.reason,
          })),
        },
      });
    return this.dataSource.transaction(async (manager) => {
      const summary = await this.summary(manager, system, datasets);
      for (const dataset of datasets) await this.writer.register(manager, system, dataset, 'import', actor);
      return { dryRun: false, datasets: summary, errors: [] };
    });
  }

  private async read(file: Buffer) {
    try {
      return parseCatalogSheet(await readUploadedTable(file, CATALOG_UPLOAD_LIMITS));
    } catch (error) {
      if (error instanceof UploadRefusal) throw uploadProblem(error);
      throw error;
    }
  }

  private async summary(manager: EntityManager, system: InformationSystem, datasets: readonly NewDataset[]) {
    return Promise.all(
      datasets.map(async (dataset) => {
        const known = await manager.findOneBy(Dataset, { systemId: system.id, name: dataset.name });
        const existing = known
          ? new Set((await manager.findBy(DataField, { datasetId: known.id })).map((field) => field.name))
          : new Set<string>();
        return {
          name: dataset.name,
          isNew: known === null,
          newFields: dataset.fields.filter((f) => !existing.has(f.name)).map((f) => f.name),
          existingFields: dataset.fields.filter((f) => existing.has(f.name)).map((f) => f.name),
        };
      }),
    );
  }
}
