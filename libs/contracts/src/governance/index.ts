import { informationSystemCreatedV1 } from './information-system-created.v1';

export * from './schemas';

/** Every governance event, one folder each. */
export const governanceEvents = [informationSystemCreatedV1] as const;
