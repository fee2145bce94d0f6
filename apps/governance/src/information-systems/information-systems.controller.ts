import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  actorOf,
  assertSchoolAccess,
  AuthenticatedUser,
  CurrentUser,
  requestedSchools,
  Roles,
} from '@edubase/auth';
import type { Page } from '@edubase/http';
import {
  CreateInformationSystemDto,
  informationSystemView,
  InformationSystemQueryDto,
  InformationSystemView,
} from './information-systems.dto';
import { InformationSystemsService } from './information-systems.service';

/** Readers: district staff everywhere, school staff in the schools their grants name. */
const READERS = ['district-admin', 'leader', 'school-admin'] as const;

@ApiTags('数据治理 information-systems')
@Controller('information-systems')
export class InformationSystemsController {
  constructor(private readonly informationSystems: InformationSystemsService) {}

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'The information-systems of the schools the caller reaches' })
  async list(
    @Query() query: InformationSystemQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<Page<InformationSystemView>> {
    const [rows, total] = await this.informationSystems.list(requestedSchools(user, query.schoolCode), query);
    return { items: rows.map(informationSystemView), total, page: query.page, pageSize: query.pageSize };
  }

  @Get(':id')
  @Roles(...READERS)
  async get(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<InformationSystemView> {
    const row = await this.informationSystems.get(id);
    assertSchoolAccess(user, row.schoolCode);
    return informationSystemView(row);
  }

  @Post()
  @Roles('district-admin', 'school-admin')
  @ApiOperation({ summary: 'Add a information-system to a school (its administrator or the district)' })
  async create(
    @Body() body: CreateInformationSystemDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<InformationSystemView> {
    assertSchoolAccess(user, body.schoolCode);
    return informationSystemView(await this.informationSystems.create(body, actorOf(user)));
  }
}
