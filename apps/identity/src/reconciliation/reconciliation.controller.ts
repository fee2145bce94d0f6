import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { actorOf, AuthenticatedUser, CurrentUser, Roles, ServiceScopes } from '@edubase/auth';
import { DormantAccountsService } from './dormant-accounts.service';
import { ReconciliationService } from './reconciliation.service';

@ApiTags('账号同步 Keycloak accounts')
@Controller('keycloak')
export class ReconciliationController {
  constructor(
    private readonly reconciliation: ReconciliationService,
    private readonly dormant: DormantAccountsService,
  ) {}

  @Post('reconciliation')
  @HttpCode(200)
  @Roles('district-admin')
  @ServiceScopes('identity:write')
  @ApiOperation({ summary: 'Run reconciliation now: repair Keycloak drift and report every change' })
  reconcile(@CurrentUser() user: AuthenticatedUser) {
    return this.reconciliation.run('api', actorOf(user));
  }

  @Get('reconciliation/runs')
  @Roles('district-admin')
  @ApiOperation({ summary: 'The latest reconciliation runs and what each changed' })
  runs() {
    return this.reconciliation.recentRuns();
  }

  @Post('dormant-check')
  @HttpCode(200)
  @Roles('district-admin')
  @ServiceScopes('identity:write')
  @ApiOperation({
    summary: '沉睡账号检查: flag (and by policy disable) staff not logged in for DORMANT_AFTER_DAYS',
  })
  dormantCheck(@CurrentUser() user: AuthenticatedUser) {
    return this.dormant.check(actorOf(user));
  }
}
