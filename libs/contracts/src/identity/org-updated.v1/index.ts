import { orgChangedPayloadV1 } from '../schemas';

export const orgUpdatedV1 = { topic: 'identity.org.updated.v1', payload: orgChangedPayloadV1 } as const;
