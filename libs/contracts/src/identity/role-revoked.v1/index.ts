import { roleChangedPayloadV1 } from '../schemas';

export const roleRevokedV1 = { topic: 'identity.role.revoked.v1', payload: roleChangedPayloadV1 } as const;
