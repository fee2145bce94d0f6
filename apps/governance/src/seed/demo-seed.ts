import { Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { systemActor } from '@edubase/auth';
import { CatalogService } from '../catalog/catalog.service';
import { CatalogModule } from '../catalog/catalog.module';
import { Dataset } from '../catalog/catalog.entities';
import { Clock } from '../common/clock';
import { GovernanceConfig } from '../governance.config';
import { InformationSystem } from '../information-systems/information-system.entity';
import { InformationSystemsModule } from '../information-systems/information-systems.module';
import { InformationSystemsService } from '../information-systems/information-systems.service';
import { demoRegister, DemoSystem } from './demo-register';

const actor = systemActor('governance.demo-seed');

/**
 * Loads the demo register and catalog (GOVERNANCE_SEED_DEMO, `npm start`) through the same services as the
 * API, so every row has its events and the cockpit shows them. Runs once: skipped when the register holds a
 * system that is not an EduBase service.
 */
@Injectable()
export class GovernanceDemoSeed implements OnApplicationBootstrap {
  private readonly logger = new Logger(GovernanceDemoSeed.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly systems: InformationSystemsService,
    private readonly catalog: CatalogService,
    private readonly clock: Clock,
    private readonly config: GovernanceConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.GOVERNANCE_SEED_DEMO) return;
    const seeded = await this.dataSource
      .getRepository(InformationSystem)
      .countBy({ sourceService: IsNull() });
    if (seeded > 0) return;
    for (const system of demoRegister) await this.seedSystem(system);
    this.logger.log(`demo register loaded: ${demoRegister.length} systems`);
  }

  private daysAgo(days: number): string {
    const date = new Date(`${this.clock.today()}T00:00:00Z`);
    date.setUTCDate(date.getUTCDate() - days);
    return date.toISOString().slice(0, 10);
  }

  private async seedSystem(demo: DemoSystem): Promise<void> {
    const row = await this.systems.register(
      {
        schoolCode: demo.schoolCode,
        name: demo.name,
        ownerUnit: demo.ownerUnit,
        contractor: demo.contractor,
      },
      actor,
    );
    await this.systems.grade(
      row.id,
      {
        protectionLevel: demo.level,
        filingNumber: demo.filingNumber,
        filingDate: this.daysAgo(demo.filedDaysAgo),
      },
      actor,
    );
    if (demo.assessed)
      await this.systems.recordAssessment(
        row.id,
        {
          assessedOn: this.daysAgo(demo.assessed.daysAgo),
          body: demo.assessed.body,
          result: demo.assessed.result,
          rectifications: demo.assessed.rectifications.map((description) => ({ description })),
        },
        actor,
      );
    const byName = new Map<string, Dataset>();
    for (const dataset of demo.datasets ?? []) {
      const source = dataset.derivedFrom ? byName.get(dataset.derivedFrom) : undefined;
      const created = await this.catalog.register(
        row,
        {
          name: dataset.name,
          title: dataset.title,
          fields: dataset.fields.map(({ name, description }) => ({ name, description })),
          ...(source ? { derivedFrom: [source.id] } : {}),
        },
        'api',
        actor,
      );
      byName.set(dataset.name, created);
      const columns = dataset.fields
        .filter((field) => field.samples)
        .map((field) => ({ column: field.name, values: field.samples! }));
      if (columns.length === 0) continue;
      const reviews = await this.catalog.scan(created, { columns }, actor);
      // the 身份证号 suggestion accepted, the rest left for the data owner's review page
      const idCard = reviews.find((review) => review.detectedLabel === 'id_card');
      if (idCard) await this.catalog.decide(idCard.id, 'accepted', 'student', actor);
    }
  }
}

@Module({ imports: [InformationSystemsModule, CatalogModule], providers: [GovernanceDemoSeed] })
export class GovernanceDemoSeedModule {}
