import { Transform } from 'class-transformer';
import { IsBoolean, IsNotEmpty, IsString, Matches } from 'class-validator';
import { BaseServiceConfig, booleanFromString } from '@edubase/config';

/** Everything governance (数据治理) reads from the environment, validated at boot. */
export class GovernanceConfig extends BaseServiceConfig {
  override HTTP_PORT = 3105;

  override DB_NAME = 'edubase_governance';

  /** Days before a 等保测评 due date at which a system is listed as due soon, e.g. `60,30,7`. */
  @Matches(/^\d{1,3}(,\d{1,3})*$/, {
    message: 'GOVERNANCE_REMINDER_DAYS must be days, comma-separated: 60,30,7',
  })
  GOVERNANCE_REMINDER_DAYS = '60,30,7';

  /** 责任单位 of EduBase's own services when they register themselves in the catalog. */
  @IsString()
  @IsNotEmpty()
  GOVERNANCE_PLATFORM_OWNER = '奉贤区教育学院教育信息技术中心';

  /** Load the 奉贤区 demo register and catalog at start-up when it is empty (`npm start` demo only). */
  @Transform(booleanFromString)
  @IsBoolean()
  GOVERNANCE_SEED_DEMO = false;

  get reminderDays(): number[] {
    return this.GOVERNANCE_REMINDER_DAYS.split(',').map(Number);
  }
}
