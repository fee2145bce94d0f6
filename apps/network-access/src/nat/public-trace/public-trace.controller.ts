import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '@edubase/auth';
import { PublicTrace, TraceByPublicQuery } from './public-trace.dto';
import { PublicTraceService } from './public-trace.service';

@ApiTags('溯源 Trace')
@Controller('trace')
@Roles('security-officer', 'district-admin', 'network-admin')
export class PublicTraceController {
  constructor(private readonly trace: PublicTraceService) {}

  @Get('public')
  @ApiOperation({
    summary:
      'Who was behind this public IP:port at this moment, through the NAT logs (案由 required, audited)',
  })
  byPublic(@Query() query: TraceByPublicQuery, @CurrentUser() user: AuthenticatedUser): Promise<PublicTrace> {
    return this.trace.byPublic(user, query.ip, query.port, new Date(query.at), query.caseReason);
  }
}
