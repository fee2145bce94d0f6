import { orgChangedPayloadV1 } from '../schemas';

export const orgCreatedV1 = { topic: 'identity.org.created.v1', payload: orgChangedPayloadV1 } as const;
