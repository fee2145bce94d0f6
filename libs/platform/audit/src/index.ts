import { AuditChainEntryEntity, AuditChainHeadEntity } from './audit-chain.entities';
import { CreateAuditChainTables1796500000000 } from './audit-chain.migration';

export * from './audit-chain';
export * from './audit-chain.controller';
export * from './audit-chain.dto';
export * from './audit-chain.entities';
export * from './audit-chain.migration';
export * from './audit-chain.module';
export * from './chain-hash';
export * from './chain-verifier';

/** Add to the service's DataSource `entities`. */
export const auditChainEntities = [AuditChainEntryEntity, AuditChainHeadEntity];
/** Add to the service's DataSource `migrations`, after the messaging tables. */
export const auditChainMigrations = [CreateAuditChainTables1796500000000];
export * from './chain-readers';
