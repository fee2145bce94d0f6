// The new service's events in libs/contracts: one folder per event and version.

/** The service's events: one folder per event and version, and the list the registry reads. @param {import('./names.mjs').Names & { camelScope: string }} n */
export function contractFiles(n) {
  const dir = `libs/contracts/src/${n.scope}`;
  return {
    [`${dir}/schemas.ts`]: `import { z } from 'zod';
import { schoolCodeSchema } from '../envelope';

// ${n.zh}: what other services act on; details stay in ${n.service} and are read through its API.

export const ${n.camelResource}CreatedPayloadV1 = z.object({
  ${n.camelResource}Id: z.string().min(1),
  schoolCode: schoolCodeSchema,
  name: z.string().min(1),
});
`,
    [`${dir}/${n.resource}-created.v1/index.ts`]: `import { ${n.camelResource}CreatedPayloadV1 } from '../schemas';

export const ${n.camelResource}CreatedV1 = {
  topic: '${n.scope}.${n.resource}.created.v1',
  payload: ${n.camelResource}CreatedPayloadV1,
} as const;
`,
    [`${dir}/index.ts`]: `import { ${n.camelResource}CreatedV1 } from './${n.resource}-created.v1';

export * from './schemas';

/** Every ${n.scope} event, one folder each. */
export const ${n.camelScope}Events = [${n.camelResource}CreatedV1] as const;
`,
  };
}
