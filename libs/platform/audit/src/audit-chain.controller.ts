import { Controller, ForbiddenException, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, AuthenticatedUser, CurrentUser, isDistrictWide } from '@edubase/auth';
import { ProblemException, VALIDATION_PROBLEM_TYPE } from '@edubase/http';
import { DataSource } from 'typeorm';
import { AuditChain } from './audit-chain';
import { ChainReadsQuery, parseAnchors, VerifyChainQuery } from './audit-chain.dto';
import { chainReaders, type ChainReader } from './chain-readers';
import { verifyChain, type ChainVerification } from './chain-verifier';

/**
 * Who checks a chain: the district's security officer (等保 安全管理员) and the district administrator. The
 * chain holds every school's entries, so a school-scoped grant is not enough.
 */
export const CHAIN_VERIFIERS = ['security-officer', 'district-admin'] as const;

/**
 * A district system holding this scope (governance's service account) verifies chains against the anchors
 * it keeps and reads who read personal data for the 未成年人个人信息 compliance audit.
 */
export const CHAIN_AUDIT_SCOPE = 'audit:verify';

const CHAIN_ACCESS = { roles: CHAIN_VERIFIERS, scopes: [CHAIN_AUDIT_SCOPE] } as const;

@ApiTags('审计 audit')
@Controller('audit')
export class AuditChainController {
  constructor(
    @Inject(AuditChain) private readonly chain: AuditChain,
    private readonly dataSource: DataSource,
  ) {}

  @Get('verify')
  @Access(CHAIN_ACCESS)
  @ApiOperation({
    summary:
      '审计链校验: walk this service’s tamper-evident audit chain and name the first broken link (district security officer or administrator)',
  })
  async verify(
    @Query() query: VerifyChainQuery,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<ChainVerification> {
    this.assertDistrictWide(user);
    // Entries committed a moment ago are sealed first, so the answer covers everything written until now.
    if (this.chain.enabled) await this.chain.sealNow();
    return verifyChain(
      this.dataSource,
      this.chain.settings.service,
      this.chain.enabled,
      parseAnchors(query.anchors),
    );
  }

  @Get('reads')
  @Access(CHAIN_ACCESS)
  @ApiOperation({
    summary:
      '个人信息查阅记录: who read personal data in a period (entries whose action starts with one of `actions`), per actor and action',
  })
  async reads(
    @Query() query: ChainReadsQuery,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<{ items: ChainReader[] }> {
    this.assertDistrictWide(user);
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 365 * 86_400_000);
    if (!(from < to))
      throw new ProblemException({
        status: 400,
        type: VALIDATION_PROBLEM_TYPE,
        title: 'Request validation failed',
        detail: 'Invalid field: to.',
        extensions: { errors: [{ field: 'to', reason: 'must be after from' }] },
      });
    return { items: await chainReaders(this.dataSource, from, to, query.actions?.split(',') ?? ['']) };
  }

  private assertDistrictWide(user: AuthenticatedUser): void {
    if (!isDistrictWide(user))
      throw new ForbiddenException(
        'The audit chain holds every school’s entries: only a district-wide security officer or administrator verifies it.',
      );
  }
}
