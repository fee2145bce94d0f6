import { orgCreatedV1 } from './org-created.v1';
import { orgUpdatedV1 } from './org-updated.v1';
import { personCreatedV1 } from './person-created.v1';
import { personUpdatedV1 } from './person-updated.v1';
import { personDeactivatedV1 } from './person-deactivated.v1';
import { personCredentialsChangedV1 } from './person-credentials-changed.v1';
import { roleGrantedV1 } from './role-granted.v1';
import { roleRevokedV1 } from './role-revoked.v1';

export * from './schemas';

/** Every identity event, one folder each. */
export const identityEvents = [
  orgCreatedV1,
  orgUpdatedV1,
  personCreatedV1,
  personUpdatedV1,
  personDeactivatedV1,
  personCredentialsChangedV1,
  roleGrantedV1,
  roleRevokedV1,
] as const;
