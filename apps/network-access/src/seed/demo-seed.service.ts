import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '@edubase/contracts';
import { NasEntity } from '../database/nas.entity';
import { SchoolEntity } from '../database/school.entity';
import { TerminalEntity } from '../database/terminal.entity';
import { NasRegistryService } from '../nas/nas-registry.service';
import { normalizeMac } from '../shared/mac-address';
import { TerminalRegistryService } from '../terminals/terminal-registry.service';
import { demoNas, demoTerminals } from './demo-network';

export interface NetworkSeedReport {
  schools: number;
  nasRegistered: number;
  terminalsRegistered: number;
}

const seedActor: Actor = { id: 'network-access-demo-seed', kind: 'system' };

@Injectable()
export class NetworkDemoSeedService {
  private readonly logger = new Logger(NetworkDemoSeedService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly nasRegistry: NasRegistryService,
    private readonly terminals: TerminalRegistryService,
  ) {}

  /**
   * The schools come from identity's events (this service's own projection of schools), not from identity's
   * database: wait until that projection has settled, then give every school its NAS and terminals.
   */
  async seed(settleTimeoutMs = 90_000): Promise<NetworkSeedReport> {
    const schools = await this.settledSchoolCodes(settleTimeoutMs);
    const knownIps = new Set((await this.dataSource.getRepository(NasEntity).find()).map((nas) => nas.ip));
    const knownMacs = new Set(
      (await this.dataSource.getRepository(TerminalEntity).find({ select: { macAddress: true } })).map(
        (terminal) => terminal.macAddress,
      ),
    );
    let nasRegistered = 0;
    let terminalsRegistered = 0;
    for (const [index, schoolCode] of schools.entries()) {
      const nas = demoNas(schoolCode, index);
      if (!knownIps.has(nas.ip)) {
        await this.nasRegistry.register(nas, seedActor);
        nasRegistered += 1;
      }
      const missing = demoTerminals(schoolCode, index).filter(
        (terminal) => !knownMacs.has(normalizeMac(terminal.macAddress) ?? terminal.macAddress),
      );
      if (missing.length > 0) {
        await this.terminals.registerMany(missing, seedActor);
        terminalsRegistered += missing.length;
      }
    }
    return { schools: schools.length, nasRegistered, terminalsRegistered };
  }

  private async settledSchoolCodes(timeoutMs: number): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    let previous = -1;
    let stableSince = Date.now();
    for (;;) {
      const rows = await this.dataSource
        .getRepository(SchoolEntity)
        .find({ select: { schoolCode: true }, order: { schoolCode: 'ASC' } });
      if (rows.length !== previous) {
        previous = rows.length;
        stableSince = Date.now();
      }
      if (rows.length > 0 && Date.now() - stableSince >= 3_000) return rows.map((row) => row.schoolCode);
      if (Date.now() > deadline) {
        if (rows.length > 0) return rows.map((row) => row.schoolCode);
        throw new Error('no schools arrived from identity events: is identity seeded and Kafka running?');
      }
      this.logger.log(`waiting for identity events: ${rows.length} schools so far`);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}
