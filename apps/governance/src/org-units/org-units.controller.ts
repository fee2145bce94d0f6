import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Roles } from '@edubase/auth';
import { IsSchoolCode, OptionalField } from '@edubase/http';
import type { OrgUnitView } from '@edubase/contracts/api/governance';
import { OrgUnit } from './org-unit.entity';

export class OrgUnitQuery {
  @ApiPropertyOptional({
    description: '学校标识码: that school’s units; left out: the district’s and every school’s',
  })
  @OptionalField()
  @IsSchoolCode()
  schoolCode?: string;
}

/** The units a system's 责任单位 may name (identity's org tree): what a registration form offers. */
@ApiTags('数据治理 信息系统 (等保)')
@Controller('org-units')
export class OrgUnitsController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @Roles('security-officer', 'school-admin')
  @ApiOperation({ summary: '责任单位 choices: identity’s org units as governance knows them' })
  async list(@Query() query: OrgUnitQuery): Promise<{ items: OrgUnitView[] }> {
    const rows = await this.dataSource.getRepository(OrgUnit).find({
      where: query.schoolCode ? { schoolCode: query.schoolCode } : {},
      order: { name: 'ASC' },
      take: 2000,
    });
    return {
      items: rows.map((row) => ({
        orgId: row.orgId,
        kind: row.kind,
        name: row.name,
        schoolCode: row.schoolCode,
      })),
    };
  }
}
