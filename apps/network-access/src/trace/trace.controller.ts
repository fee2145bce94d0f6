import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '@edubase/auth';
import { normalizeMac } from '../shared/mac-address';
import { TraceByIpQuery, TraceByMacQuery, TraceByPersonQuery, TraceAnswer } from './trace.dto';
import { TraceService } from './trace.service';

@ApiTags('溯源 Trace')
@Controller('trace')
@Roles('security-officer', 'district-admin', 'network-admin')
export class TraceController {
  constructor(private readonly trace: TraceService) {}

  @Get('ip')
  @ApiOperation({ summary: 'Who had this IP address at this moment (案由 required, audited)' })
  byIp(@Query() query: TraceByIpQuery, @CurrentUser() user: AuthenticatedUser): Promise<TraceAnswer[]> {
    return this.trace.byIp(user, query.ip, new Date(query.at), query.caseReason);
  }

  @Get('mac')
  @ApiOperation({ summary: 'Sessions of a MAC address (案由 required, audited)' })
  byMac(@Query() query: TraceByMacQuery, @CurrentUser() user: AuthenticatedUser): Promise<TraceAnswer[]> {
    return this.trace.byMac(user, normalizeMac(query.mac)!, query, query.caseReason);
  }

  @Get('people/:personId')
  @ApiOperation({ summary: 'Sessions of a person (案由 required, audited)' })
  byPerson(
    @Param('personId') personId: string,
    @Query() query: TraceByPersonQuery,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<TraceAnswer[]> {
    return this.trace.byPerson(user, personId, query, query.caseReason);
  }
}
