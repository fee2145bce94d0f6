import { Controller, ForbiddenException, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, isDistrictWide, Roles } from '@edubase/auth';
import { DataSource } from 'typeorm';
import { AuditChain } from './audit-chain';
import { verifyChain, type ChainVerification } from './chain-verifier';

/**
 * Who checks a chain: the district's security officer (等保 安全管理员) and the district administrator. The
 * chain holds every school's entries, so a school-scoped grant is not enough.
 */
export const CHAIN_VERIFIERS = ['security-officer', 'district-admin'] as const;

@ApiTags('审计 audit')
@Controller('audit')
export class AuditChainController {
  constructor(
    @Inject(AuditChain) private readonly chain: AuditChain,
    private readonly dataSource: DataSource,
  ) {}

  @Get('verify')
  @Roles(...CHAIN_VERIFIERS)
  @ApiOperation({
    summary:
      '审计链校验: walk this service’s tamper-evident audit chain and name the first broken link (district security officer or administrator)',
  })
  async verify(@CurrentUser() user: AuthenticatedUser): Promise<ChainVerification> {
    if (!isDistrictWide(user))
      throw new ForbiddenException(
        'The audit chain holds every school’s entries: only a district-wide security officer or administrator verifies it.',
      );
    // Entries committed a moment ago are sealed first, so the answer covers everything written until now.
    if (this.chain.enabled) await this.chain.sealNow();
    return verifyChain(this.dataSource, this.chain.settings.service, this.chain.enabled);
  }
}
