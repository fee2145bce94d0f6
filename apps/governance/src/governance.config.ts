import { BaseServiceConfig } from '@edubase/config';

/** Everything governance (数据治理) reads from the environment, validated at boot. */
export class GovernanceConfig extends BaseServiceConfig {
  override HTTP_PORT = 3105;

  override DB_NAME = 'edubase_governance';
}
