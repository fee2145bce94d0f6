import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditChain, chainReaders, type ChainReader } from '@edubase/audit';
import type { DataCategory, DataGrade } from '@edubase/contracts';
import { ServiceAccountToken } from '../common/service-account';
import { GovernanceConfig } from '../governance.config';
import type { InformationSystem } from '../information-systems/information-system.entity';
import type { AuditedDataset, AuditedReaders } from './minors-audit.entities';

/** The audit covers a calendar year in China time. */
export function auditPeriod(year: number): { from: Date; to: Date } {
  return { from: new Date(`${year}-01-01T00:00:00+08:00`), to: new Date(`${year + 1}-01-01T00:00:00+08:00`) };
}

/**
 * What the audit is pre-filled with. From the catalog: the system's datasets holding 未成年人个人信息 and those
 * fields with their grade. From the system's audit chain: who read personal data in the year. Governance
 * cannot read another service's tables, so it asks the service's `GET /audit/reads` over HTTP (governance's
 * service account, scope `audit:verify`) when the audit is prepared; its own chain it reads in-process.
 * Systems that are not EduBase services have no chain here: their readers are the owner's to supply.
 */
@Injectable()
export class AuditPreparation {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: GovernanceConfig,
    private readonly serviceAccount: ServiceAccountToken,
    private readonly chain: AuditChain,
  ) {}

  /** The system's datasets with minors' PI; a retention already stated is kept. */
  async datasets(
    manager: EntityManager,
    systemId: string,
    previous: readonly AuditedDataset[] = [],
  ): Promise<AuditedDataset[]> {
    const rows = (await manager.query(
      `SELECT d.id AS dataset_id, d.name AS dataset_name, d.title, d.grade AS dataset_grade,
              f.id AS field_id, f.name AS field_name, f.category, f.grade
         FROM dataset d JOIN data_field f ON f.dataset_id = d.id
        WHERE d.system_id = ? AND f.is_minor = 1 AND f.removed_at IS NULL
        ORDER BY d.name, f.name`,
      [systemId],
    )) as {
      dataset_id: string;
      dataset_name: string;
      title: string | null;
      dataset_grade: DataGrade | null;
      field_id: string;
      field_name: string;
      category: DataCategory | null;
      grade: DataGrade | null;
    }[];
    const retention = new Map(previous.map((dataset) => [dataset.datasetId, dataset.retention]));
    const datasets = new Map<string, AuditedDataset>();
    for (const row of rows) {
      let dataset = datasets.get(row.dataset_id);
      if (!dataset) {
        dataset = {
          datasetId: row.dataset_id,
          name: row.dataset_name,
          title: row.title,
          grade: row.dataset_grade,
          retention: retention.get(row.dataset_id) ?? null,
          fields: [],
        };
        datasets.set(row.dataset_id, dataset);
      }
      dataset.fields.push({
        fieldId: row.field_id,
        name: row.field_name,
        category: row.category,
        grade: row.grade,
      });
    }
    return [...datasets.values()];
  }

  async readers(system: InformationSystem, year: number): Promise<AuditedReaders> {
    const service = system.sourceService;
    if (!service)
      return {
        source: 'not-available',
        service: null,
        note: '非基座系统：访问记录由责任单位从本系统日志提供',
        items: [],
      };
    const { from, to } = auditPeriod(year);
    const actions = this.config.GOVERNANCE_PI_READ_ACTIONS.split(',');
    if (service === this.chain.settings.service)
      return {
        source: 'audit-chain',
        service,
        note: null,
        items: await chainReaders(this.dataSource, from, to, actions),
      };
    const url = this.config.auditServices.get(service);
    if (!url)
      return {
        source: 'unreachable',
        service,
        note: `GOVERNANCE_AUDIT_SERVICES 未配置 ${service}`,
        items: [],
      };
    const query = new URLSearchParams({
      from: from.toISOString(),
      to: to.toISOString(),
      actions: actions.join(','),
    });
    try {
      const { items } = await this.serviceAccount.getJson<{ items: ChainReader[] }>(
        `${url}/audit/reads?${query}`,
      );
      return { source: 'audit-chain', service, note: null, items };
    } catch (error) {
      return {
        source: 'unreachable',
        service,
        note: `审计链查询失败: ${(error as Error).message}`.slice(0, 300),
        items: [],
      };
    }
  }
}
