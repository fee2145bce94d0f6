import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  actorOf,
  AuthenticatedUser,
  CurrentUser,
  requestedSchools,
  Roles,
  schoolsVisibleTo,
} from '@edubase/auth';
import type { Page } from '@edubase/http';
import { assertOwnerAccess } from '../common/owner-access';
import {
  assessmentView,
  GradeSystemDto,
  RecordAssessmentDto,
  RectificationView,
  rectificationView,
  RegisterSystemDto,
  SystemDetailView,
  SystemQueryDto,
  SystemView,
  systemView,
  UpdateRectificationDto,
} from './information-systems.dto';
import { InformationSystemsService, SystemRow } from './information-systems.service';

/**
 * Readers: the security officers (网络安全管理员) and district staff everywhere, a school's administrator and
 * security officer their own school's systems. Registering: a security officer or the owner school's
 * administrator. 定级 and 测评 are the security officer's.
 */
const READERS = ['security-officer', 'district-admin', 'leader', 'school-admin'] as const;
const REGISTRARS = ['security-officer', 'school-admin'] as const;

const view = (entry: SystemRow): SystemView => systemView(entry.row, entry.due, entry.openRectifications);

@ApiTags('数据治理 信息系统 (等保)')
@Controller('information-systems')
export class InformationSystemsController {
  constructor(private readonly systems: InformationSystemsService) {}

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: '信息系统台账: the systems the caller reaches, soonest 测评 due first' })
  async list(
    @Query() query: SystemQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<Page<SystemView>> {
    const [rows, total] = await this.systems.list(requestedSchools(user, query.schoolCode), query);
    return { items: rows.map(view), total, page: query.page, pageSize: query.pageSize };
  }

  @Get('reminders')
  @Roles(...READERS)
  @ApiOperation({ summary: '测评提醒: overdue systems and those due within the configured reminder days' })
  async reminders(@CurrentUser() user: AuthenticatedUser): Promise<{ items: SystemView[] }> {
    return { items: (await this.systems.reminders(schoolsVisibleTo(user))).map(view) };
  }

  @Get(':id')
  @Roles(...READERS)
  async get(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<SystemDetailView> {
    const row = await this.systems.get(id);
    assertOwnerAccess(user, row.schoolCode);
    const { system, assessments, rectifications } = await this.systems.detail(row);
    return {
      ...view(system),
      assessments: assessments.map(assessmentView),
      rectifications: rectifications.map(rectificationView),
    };
  }

  @Post()
  @Roles(...REGISTRARS)
  @ApiOperation({ summary: 'Register a system (schoolCode null: a district system, district-wide grant)' })
  async register(
    @Body() body: RegisterSystemDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<SystemView> {
    assertOwnerAccess(user, body.schoolCode ?? null);
    await this.systems.assertKnownOwnerUnit(body.ownerUnit);
    return this.detailOf(await this.systems.register(body, actorOf(user)));
  }

  @Put(':id/grading')
  @Roles('security-officer')
  @ApiOperation({ summary: '定级 and 备案: the protection level 1-5 and the filing' })
  async grade(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: GradeSystemDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<SystemView> {
    assertOwnerAccess(user, (await this.systems.get(id)).schoolCode);
    return this.detailOf(await this.systems.grade(id, body, actorOf(user)));
  }

  @Post(':id/assessments')
  @Roles('security-officer')
  @ApiOperation({ summary: '等级测评 recorded, with its 整改项; the next due date follows from the level' })
  async assess(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: RecordAssessmentDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<SystemView> {
    assertOwnerAccess(user, (await this.systems.get(id)).schoolCode);
    return this.detailOf(await this.systems.recordAssessment(id, body, actorOf(user)));
  }

  @Patch(':id/rectifications/:itemId')
  @Roles('security-officer')
  @ApiOperation({ summary: '整改项 done (or reopened)' })
  async rectify(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    @Body() body: UpdateRectificationDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<RectificationView> {
    const system = await this.systems.get(id);
    assertOwnerAccess(user, system.schoolCode);
    return rectificationView(
      await this.systems.setRectificationStatus(system, itemId, body.status, actorOf(user)),
    );
  }

  private async detailOf(row: SystemRow['row']): Promise<SystemView> {
    return view((await this.systems.detail(row)).system);
  }
}
