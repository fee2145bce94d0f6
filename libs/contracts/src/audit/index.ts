import { chainAnchoredV1 } from './chain-anchored.v1';

export * from './schemas';

/** Events every service with an audit chain publishes (the platform's, not one domain's). */
export const auditEvents = [chainAnchoredV1] as const;
