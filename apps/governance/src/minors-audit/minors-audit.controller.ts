import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { actorOf, AuthenticatedUser, CurrentUser, requestedSchools, Roles } from '@edubase/auth';
import type { Page } from '@edubase/http';
import { Clock } from '../common/clock';
import { assertOwnerAccess } from '../common/owner-access';
import {
  AddFindingDto,
  FindingView,
  findingView,
  MinorsAuditDetailView,
  minorsAuditDetailView,
  MinorsAuditQueryDto,
  MinorsAuditView,
  minorsAuditView,
  OpenMinorsAuditDto,
  UpdateChecklistDto,
  UpdateFindingDto,
} from './minors-audit.dto';
import { ReportContext, reportHtml, reportXlsx } from './minors-audit-report';
import { AuditWithContext, MinorsAuditService } from './minors-audit.service';

/**
 * The security officer and the district administrator audit any system; a school's administrator their
 * school's (district systems need a district-wide grant: `assertOwnerAccess`).
 */
const AUDITORS = ['security-officer', 'district-admin', 'school-admin'] as const;

interface ReplyLike {
  header(name: string, value: string): ReplyLike;
  send(payload: Buffer | string): unknown;
}

@ApiTags('数据治理 未成年人个人信息合规审计')
@Controller('compliance/minors-audits')
export class MinorsAuditController {
  constructor(
    private readonly audits: MinorsAuditService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Roles(...AUDITORS)
  @ApiOperation({ summary: '未成年人个人信息合规审计 of the systems the caller reaches, latest year first' })
  async list(
    @Query() query: MinorsAuditQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<Page<MinorsAuditView>> {
    const [rows, total] = await this.audits.list(requestedSchools(user, query.schoolCode), query);
    return {
      items: rows.map(({ audit, system, findings }) => minorsAuditView(audit, system.name, findings)),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  @Post()
  @Roles(...AUDITORS)
  @ApiOperation({
    summary:
      'Open a system’s annual audit, pre-filled from the catalog (minors’ PI fields) and the audit chain (who read PI)',
  })
  async open(
    @Body() body: OpenMinorsAuditDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<MinorsAuditDetailView> {
    const system = await this.audits.system(body.systemId);
    assertOwnerAccess(user, system.schoolCode);
    const audit = await this.audits.open(system, body.year, actorOf(user));
    return this.detail(await this.audits.get(audit.id));
  }

  @Get(':id')
  @Roles(...AUDITORS)
  async get(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<MinorsAuditDetailView> {
    return this.detail(await this.reachable(id, user));
  }

  @Post(':id/refresh')
  @HttpCode(200)
  @Roles(...AUDITORS)
  @ApiOperation({
    summary: 'Read the catalog and the audit chain into a draft again (stated retentions kept)',
  })
  async refresh(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<MinorsAuditDetailView> {
    await this.reachable(id, user);
    await this.audits.refresh(id, actorOf(user));
    return this.detail(await this.audits.get(id));
  }

  @Put(':id/checklist')
  @Roles(...AUDITORS)
  @ApiOperation({ summary: 'Answer checklist items (是/否/不适用) and state datasets’ retention' })
  async answer(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateChecklistDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<MinorsAuditDetailView> {
    await this.reachable(id, user);
    await this.audits.answer(id, body, actorOf(user));
    return this.detail(await this.audits.get(id));
  }

  @Post(':id/findings')
  @Roles(...AUDITORS)
  @ApiOperation({ summary: 'A finding with its rectification: measure, owner, due date' })
  async addFinding(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AddFindingDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<FindingView> {
    await this.reachable(id, user);
    return findingView(await this.audits.addFinding(id, body, actorOf(user)));
  }

  @Patch(':id/findings/:findingId')
  @Roles(...AUDITORS)
  @ApiOperation({ summary: 'A rectification done (or reopened), also after the audit is completed' })
  async updateFinding(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('findingId', ParseUUIDPipe) findingId: string,
    @Body() body: UpdateFindingDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<FindingView> {
    await this.reachable(id, user);
    return findingView(await this.audits.setFindingStatus(id, findingId, body.status, actorOf(user)));
  }

  @Post(':id/completion')
  @HttpCode(200)
  @Roles(...AUDITORS)
  @ApiOperation({ summary: 'Complete the audit: every item answered, every dataset’s retention stated' })
  async complete(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<MinorsAuditDetailView> {
    await this.reachable(id, user);
    await this.audits.complete(id, actorOf(user));
    return this.detail(await this.audits.get(id));
  }

  @Get(':id/report.xlsx')
  @Roles(...AUDITORS)
  @Header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: 'The report the district files, as a workbook' })
  async reportXlsx(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) reply: ReplyLike,
  ): Promise<StreamableFile> {
    const context = await this.reportContext(id, user, 'xlsx');
    reply.header(
      'Content-Disposition',
      `attachment; filename="minors-pi-audit-${context.audit.year}.xlsx"; filename*=UTF-8''${encodeURIComponent(`${context.audit.systemName}${context.audit.year}年度未成年人个人信息合规审计.xlsx`)}`,
    );
    return new StreamableFile(await reportXlsx(context));
  }

  @Get(':id/report.html')
  @Roles(...AUDITORS)
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'The report as a printable page (A4, Chinese)' })
  async reportHtml(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<string> {
    return reportHtml(await this.reportContext(id, user, 'html'));
  }

  private async reportContext(
    id: string,
    user: AuthenticatedUser,
    format: 'xlsx' | 'html',
  ): Promise<ReportContext> {
    const entry = await this.reachable(id, user);
    await this.audits.recordReport(entry.audit, format, actorOf(user));
    return {
      audit: this.detail(entry),
      ownerUnit: entry.system.ownerUnit,
      owner: entry.system.schoolCode ? `学校 ${entry.system.schoolCode}` : '区级信息系统',
      generatedOn: this.clock.today(),
    };
  }

  private async reachable(id: string, user: AuthenticatedUser): Promise<AuditWithContext> {
    const entry = await this.audits.get(id);
    assertOwnerAccess(user, entry.audit.schoolCode);
    return entry;
  }

  private detail({ audit, system, findings }: AuditWithContext): MinorsAuditDetailView {
    return minorsAuditDetailView(audit, system.name, findings);
  }
}
