import { roleChangedPayloadV1 } from '../schemas';

export const roleGrantedV1 = { topic: 'identity.role.granted.v1', payload: roleChangedPayloadV1 } as const;
