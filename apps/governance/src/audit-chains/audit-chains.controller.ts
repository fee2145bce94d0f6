import { Controller, ForbiddenException, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CHAIN_VERIFIERS } from '@edubase/audit';
import { AuthenticatedUser, CurrentUser, isDistrictWide, Roles } from '@edubase/auth';
import { AuditChainCheck } from './audit-chain-records.entity';
import { ChainWatch } from './chain-watch.service';

export interface ChainStatusView {
  service: string;
  /** ok, broken, unreachable; null: not verified yet. */
  status: AuditChainCheck['status'] | null;
  verifiedAt: string | null;
  headSeq: number | null;
  detail: string | null;
  latestAnchor: { seq: number; hash: string; anchoredAt: string } | null;
  anchors: number;
}

@ApiTags('数据治理 审计链')
@Controller('audit-chains')
export class AuditChainsController {
  constructor(
    private readonly watch: ChainWatch,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get()
  @Roles(...CHAIN_VERIFIERS)
  @ApiOperation({ summary: '各服务审计链: the anchors governance keeps and each chain’s last verification' })
  async list(@CurrentUser() user: AuthenticatedUser): Promise<{ items: ChainStatusView[] }> {
    assertDistrictWide(user);
    return { items: await this.views(await this.watch.services()) };
  }

  @Post('verify')
  @HttpCode(200)
  @Roles(...CHAIN_VERIFIERS)
  @ApiOperation({ summary: 'Verify every chain against the kept anchors now; a new break is published' })
  async verify(@CurrentUser() user: AuthenticatedUser): Promise<{ items: ChainStatusView[] }> {
    assertDistrictWide(user);
    const checks = await this.watch.verifyAll();
    return { items: await this.views(checks.map((check) => check.service)) };
  }

  private async views(services: string[]): Promise<ChainStatusView[]> {
    const checks = new Map(
      (await this.dataSource.getRepository(AuditChainCheck).find()).map((check) => [check.service, check]),
    );
    const anchors = (await this.dataSource.query(
      `SELECT a.service, a.seq, a.hash, a.anchored_at, c.n FROM audit_anchor a
         JOIN (SELECT service, MAX(seq) AS seq, COUNT(*) AS n FROM audit_anchor GROUP BY service) c
           ON c.service = a.service AND c.seq = a.seq`,
    )) as { service: string; seq: string; hash: string; anchored_at: Date; n: string }[];
    const latest = new Map(anchors.map((row) => [row.service, row]));
    return services.map((service) => {
      const check = checks.get(service);
      const anchor = latest.get(service);
      return {
        service,
        status: check?.status ?? null,
        verifiedAt: check?.verifiedAt.toISOString() ?? null,
        headSeq: check?.headSeq ?? null,
        detail: check?.detail ?? null,
        latestAnchor: anchor
          ? { seq: Number(anchor.seq), hash: anchor.hash, anchoredAt: anchor.anchored_at.toISOString() }
          : null,
        anchors: Number(anchor?.n ?? 0),
      };
    });
  }
}

function assertDistrictWide(user: AuthenticatedUser): void {
  if (!isDistrictWide(user))
    throw new ForbiddenException(
      'Audit chains hold every school’s entries: a district-wide grant is needed.',
    );
}
