import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '@edubase/auth';
import type { Page } from '@edubase/http';
import { TraceAuditEntry, TraceAuditQuery } from './trace-audit.dto';
import { TraceAuditService } from './trace-audit.service';

@ApiTags('溯源 Trace')
@Controller('trace')
@Roles('security-officer', 'auditor', 'network-admin')
export class TraceAuditController {
  constructor(private readonly audit: TraceAuditService) {}

  @Get('audit')
  @ApiOperation({
    summary: 'Trace lookups: who looked up what, when, with which 案由 and how many results (审计)',
  })
  list(
    @Query() query: TraceAuditQuery,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<Page<TraceAuditEntry>> {
    return this.audit.list(user, query);
  }
}
