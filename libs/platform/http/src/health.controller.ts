import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '@edubase/auth';
import { READINESS_CHECKS, ReadinessCheck } from './readiness';

const CHECK_TIMEOUT_MS = 2000;

export interface ReadinessReport {
  status: 'ready' | 'not-ready';
  checks: Record<string, 'up' | string>;
}

function withTimeout(work: Promise<void>, name: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${name} did not answer within ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

// Probes come from the kubelet / load balancer without a token, and reveal only up/down.
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly moduleRef: ModuleRef,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
  ) {}

  @Get('live')
  @ApiOkResponse({ description: 'The process is up and serving HTTP.' })
  live(): { status: 'live' } {
    return { status: 'live' };
  }

  @Get('ready')
  @ApiOkResponse({ description: 'Every dependency answered.' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down; `checks` says which.' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessReport> {
    const all = [...this.databaseCheck(), ...this.checks];
    const results = await Promise.all(
      all.map(async (check): Promise<[string, string]> => {
        try {
          await withTimeout(check.check(), check.name);
          return [check.name, 'up'];
        } catch (error) {
          return [check.name, error instanceof Error ? error.message : String(error)];
        }
      }),
    );
    const ready = results.every(([, state]) => state === 'up');
    void reply.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ready ? 'ready' : 'not-ready', checks: Object.fromEntries(results) };
  }

  private databaseCheck(): ReadinessCheck[] {
    let dataSource: DataSource;
    try {
      dataSource = this.moduleRef.get(DataSource, { strict: false });
    } catch {
      return []; // a service without a database
    }
    return [
      {
        name: 'database',
        check: async () => {
          if (!dataSource.isInitialized) throw new Error('database connection not initialised');
          await dataSource.query('SELECT 1');
        },
      },
    ];
  }
}
