import { serviceDescribedV1 } from './service-described.v1';

export * from './schemas';

/** Every catalog event: each EduBase service describes its own tables at start-up. */
export const catalogEvents = [serviceDescribedV1] as const;
