import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { actorOf, AuthenticatedUser, CurrentUser, requestedSchools, Roles } from '@edubase/auth';
import type { Page } from '@edubase/http';
import { assertOwnerAccess } from '../common/owner-access';
import {
  ClassifyFieldDto,
  DatasetDetailView,
  DatasetQueryDto,
  DatasetView,
  datasetView,
  FieldView,
  fieldView,
  RegisterDatasetDto,
  ReviewView,
  reviewView,
  ScanDatasetDto,
} from './catalog.dto';
import { CatalogService } from './catalog.service';

/** The catalog is read by whoever reads the register; kept by its data owners and the security officers. */
export const CATALOG_READERS = ['security-officer', 'district-admin', 'leader', 'school-admin'] as const;
export const CATALOG_KEEPERS = ['security-officer', 'district-admin', 'school-admin'] as const;

@ApiTags('数据治理 数据目录')
@Controller('datasets')
export class DatasetsController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @Roles(...CATALOG_READERS)
  @ApiOperation({
    summary: '数据目录: datasets of the systems the caller reaches, with how many fields are classified',
  })
  async list(
    @Query() query: DatasetQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<Page<DatasetView>> {
    const [rows, total] = await this.catalog.list(requestedSchools(user, query.schoolCode), query);
    return {
      items: rows.map(([row, counts]) => datasetView(row, counts)),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  @Get(':id')
  @Roles(...CATALOG_READERS)
  async get(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<DatasetDetailView> {
    const dataset = await this.catalog.get(id);
    assertOwnerAccess(user, dataset.schoolCode);
    const { counts, fields, sources } = await this.catalog.detail(dataset);
    return { ...datasetView(dataset, counts), derivedFrom: sources, fieldList: fields.map(fieldView) };
  }

  @Post()
  @Roles(...CATALOG_KEEPERS)
  @ApiOperation({ summary: 'Register a dataset of another system (or add fields to one of that name)' })
  async register(
    @Body() body: RegisterDatasetDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<DatasetDetailView> {
    const system = await this.catalog.system(body.systemId);
    assertOwnerAccess(user, system.schoolCode);
    const dataset = await this.catalog.register(system, body, 'api', actorOf(user));
    const { counts, fields, sources } = await this.catalog.detail(dataset);
    return { ...datasetView(dataset, counts), derivedFrom: sources, fieldList: fields.map(fieldView) };
  }

  @Put(':id/fields/:fieldId/classification')
  @Roles(...CATALOG_KEEPERS)
  @ApiOperation({ summary: '分类分级 of one field by a person: category, grade, PI flags' })
  async classify(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('fieldId', ParseUUIDPipe) fieldId: string,
    @Body() body: ClassifyFieldDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<FieldView> {
    const dataset = await this.catalog.get(id);
    assertOwnerAccess(user, dataset.schoolCode);
    return fieldView(await this.catalog.classify(dataset, fieldId, body, actorOf(user)));
  }

  @Post(':id/scan')
  @HttpCode(200)
  @Roles(...CATALOG_KEEPERS)
  @ApiOperation({ summary: 'PI detection over sampled values of its fields: suggestions filed for review' })
  async scan(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ScanDatasetDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<{ items: ReviewView[] }> {
    const dataset = await this.catalog.get(id);
    assertOwnerAccess(user, dataset.schoolCode);
    return { items: (await this.catalog.scan(dataset, body, actorOf(user))).map((row) => reviewView(row)) };
  }
}
