import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import type { AuthenticatedUser } from '@edubase/auth';
import { IdentityConfig } from '../identity.config';
import { KeycloakSyncService } from '../keycloak/keycloak-sync.service';
import { OrgUnit } from '../org/org-unit.entity';
import { OrgService } from '../org/org.service';
import { PeopleService } from '../people/people.service';
import { Person } from '../people/person.entity';
import { RoleGrant } from '../roles/role-grant.entity';
import { RolesService } from '../roles/roles.service';
import {
  demoBureau,
  demoCentre,
  demoDepartments,
  demoSchools,
  demoStaff,
  everySchoolDepartment,
} from './demo-district';
import { demoBirthDate, demoIdCardNo, demoMobile, demoStudents } from './demo-students';
import { Clock } from '../shared/clock';

export interface SeedReport {
  orgsCreated: number;
  peopleCreated: number;
  rolesGranted: number;
  keycloakSynced: number;
  keycloakFailures: string[];
}

/** The seed writes through the same services as the API, so it is audited and publishes events. */
const seedCaller: AuthenticatedUser = {
  subject: 'identity-demo-seed',
  username: 'identity-demo-seed',
  roles: [],
  grants: [],
  schoolCode: null,
  scopes: ['identity:read', 'identity:write'],
  clientId: 'identity-demo-seed',
  isServiceAccount: true,
};

/**
 * Loads the 奉贤区 demo district. Idempotent: units are matched by 学校标识码 or by name under their
 * parent, people by 工号, grants by role and school, so a second run creates nothing.
 */
@Injectable()
export class DemoSeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoSeedService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly orgs: OrgService,
    private readonly people: PeopleService,
    private readonly roles: RolesService,
    private readonly keycloak: KeycloakSyncService,
    @Inject(IdentityConfig) private readonly config: IdentityConfig,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.SEED_DEMO_ON_START) return;
    const report = await this.seed();
    this.logger.log(`demo seed: ${JSON.stringify(report)}`);
  }

  async seed(options: { provisionKeycloak?: boolean } = {}): Promise<SeedReport> {
    const report: SeedReport = {
      orgsCreated: 0,
      peopleCreated: 0,
      rolesGranted: 0,
      keycloakSynced: 0,
      keycloakFailures: [],
    };
    const bureau = await this.ensureUnit(
      report,
      { kind: 'district', name: demoBureau.name, address: demoBureau.address },
      null,
    );
    const centre = await this.ensureUnit(
      report,
      { kind: 'centre', name: demoCentre.name, address: demoCentre.address },
      bureau,
    );
    const units = new Map<string, string>([
      ['district', bureau],
      ['centre', centre],
    ]);
    for (const school of demoSchools) {
      const schoolId = await this.ensureUnit(
        report,
        {
          kind: 'school',
          name: school.name,
          schoolCode: school.schoolCode,
          stage: school.stage,
          address: school.address,
        },
        bureau,
      );
      units.set(school.schoolCode, schoolId);
      const departments = demoDepartments[school.schoolCode] ?? [everySchoolDepartment];
      for (const department of departments)
        units.set(
          `${school.schoolCode}/${department}`,
          await this.ensureUnit(report, { kind: 'department', name: department }, schoolId),
        );
    }

    const touched: string[] = [];
    for (const staff of demoStaff) {
      const orgId = units.get(staff.unit);
      if (!orgId) throw new Error(`demo staff ${staff.staffNo} names unknown unit ${staff.unit}`);
      let person = await this.dataSource.getRepository(Person).findOneBy({ staffNo: staff.staffNo });
      if (!person) {
        const created = await this.people.create(
          {
            kind: 'staff',
            name: staff.name,
            orgId,
            staffNo: staff.staffNo,
            ...(staff.email ? { email: staff.email } : {}),
            ...(staff.mobile ? { mobile: staff.mobile } : {}),
          },
          seedCaller,
          { syncKeycloak: false },
        );
        report.peopleCreated += 1;
        person = await this.dataSource.getRepository(Person).findOneByOrFail({ id: created.id });
        touched.push(person.id);
      }
      for (const grant of staff.roles) {
        const schoolCode = grant.scope === 'school' ? person.schoolCode : null;
        const held = await this.dataSource.getRepository(RoleGrant).existsBy({
          personId: person.id,
          role: grant.role,
          scope: grant.scope,
          schoolCode: schoolCode ?? IsNull(),
          revokedAt: IsNull(),
        });
        if (held) continue;
        await this.roles.grant(
          person.id,
          { role: grant.role, scope: grant.scope, ...(grant.endsAt ? { endsAt: grant.endsAt } : {}) },
          seedCaller,
          { syncKeycloak: false },
        );
        report.rolesGranted += 1;
        if (!touched.includes(person.id)) touched.push(person.id);
      }
    }

    await this.seedStudents(report, units);

    if (options.provisionKeycloak !== false) {
      // A few at a time: Keycloak shares the machine's two cores with everything else.
      for (let index = 0; index < touched.length; index += 4) {
        const outcomes = await Promise.all(
          touched.slice(index, index + 4).map((id) => this.keycloak.syncPerson(id)),
        );
        for (const outcome of outcomes) {
          if (outcome.error) report.keycloakFailures.push(`${outcome.personId}: ${outcome.error}`);
          else report.keycloakSynced += 1;
        }
      }
    }
    return report;
  }

  /** Students have no account: created through the same service, audited and announced, nothing to sync. */
  private async seedStudents(report: SeedReport, units: ReadonlyMap<string, string>): Promise<void> {
    const year = Number(this.clock.today().slice(0, 4));
    const people = this.dataSource.getRepository(Person);
    for (const student of demoStudents) {
      if (await people.existsBy({ studentNo: student.studentNo })) continue;
      const birthDate = demoBirthDate(student, year);
      await this.people.create(
        {
          kind: 'student',
          name: student.name,
          orgId: units.get(student.schoolCode)!,
          studentNo: student.studentNo,
          birthDate,
          ...(student.withIdCard
            ? { idCardNo: demoIdCardNo(student, birthDate), mobile: demoMobile(student) }
            : {}),
        },
        seedCaller,
        { syncKeycloak: false },
      );
      report.peopleCreated += 1;
    }
  }

  private async ensureUnit(
    report: SeedReport,
    unit: {
      kind: OrgUnit['kind'];
      name: string;
      schoolCode?: string;
      stage?: OrgUnit['stage'];
      address?: string;
    },
    parentId: string | null,
  ): Promise<string> {
    const repository = this.dataSource.getRepository(OrgUnit);
    const existing = unit.schoolCode
      ? await repository.findOneBy({ schoolCode: unit.schoolCode })
      : await repository.findOneBy({ kind: unit.kind, name: unit.name, parentId: parentId ?? IsNull() });
    if (existing) return existing.id;
    const created = await this.orgs.create(
      {
        kind: unit.kind,
        name: unit.name,
        ...(parentId ? { parentId } : {}),
        ...(unit.schoolCode ? { schoolCode: unit.schoolCode } : {}),
        ...(unit.stage ? { stage: unit.stage } : {}),
        ...(unit.address ? { address: unit.address } : {}),
      },
      seedCaller,
    );
    report.orgsCreated += 1;
    return created.id;
  }
}
