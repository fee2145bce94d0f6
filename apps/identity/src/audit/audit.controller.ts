import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@edubase/auth';
import { AuditQuery } from './audit.dto';
import { AuditService } from './audit.service';

@ApiTags('审计 audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('district-admin')
  @ApiOperation({ summary: '审计日志: every write to identity, newest first (district-admin only)' })
  search(@Query() query: AuditQuery) {
    return this.audit.search(query);
  }
}
