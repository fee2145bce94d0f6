import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { actorOf, AuthenticatedUser, CurrentUser, Roles, schoolsVisibleTo } from '@edubase/auth';
import type { Page } from '@edubase/http';
import { CatalogService } from '../catalog/catalog.service';
import { CATALOG_KEEPERS, CATALOG_READERS } from '../catalog/datasets.controller';
import { assertOwnerAccess } from '../common/owner-access';
import {
  ApproveSharingDto,
  CreateSharingRequestDto,
  SharingQueryDto,
  SharingView,
  sharingView,
} from './sharing.dto';
import { SharingService } from './sharing.service';

@ApiTags('数据治理 数据共享')
@Controller('sharing-requests')
export class SharingController {
  constructor(
    private readonly sharing: SharingService,
    private readonly catalog: CatalogService,
  ) {}

  @Get()
  @Roles(...CATALOG_READERS)
  @ApiOperation({ summary: '数据共享申请 of the data the caller reaches' })
  async list(
    @Query() query: SharingQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<Page<SharingView>> {
    const [rows, total] = await this.sharing.list(schoolsVisibleTo(user), query.status, query);
    const names = await this.catalog.datasetNames(rows.map((row) => row.datasetId));
    return {
      items: rows.map((row) => sharingView(row, names.get(row.datasetId))),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  @Post()
  @Roles(...CATALOG_KEEPERS)
  @ApiOperation({
    summary: 'File a request for fields of a dataset on behalf of a district system (Keycloak client)',
  })
  async create(
    @Body() body: CreateSharingRequestDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<SharingView> {
    const dataset = await this.catalog.get(body.datasetId);
    assertOwnerAccess(user, dataset.schoolCode);
    return sharingView(await this.sharing.create(dataset, body, actorOf(user)));
  }

  @Post(':id/approval')
  @Roles('school-admin', 'district-admin', 'security-officer')
  @ApiOperation({
    summary: 'Approve or reject as the data owner or as the security officer; both approve → scope granted',
  })
  async approve(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ApproveSharingDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<SharingView> {
    assertOwnerAccess(user, (await this.sharing.get(id)).schoolCode);
    return sharingView(await this.sharing.approve(id, body, user, actorOf(user)));
  }
}
