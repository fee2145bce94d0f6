// Programmatic API (no side effects on import). Used by infra.mjs and by integration
// tests, e.g. `const infra = await import('<root>/tools/infra/infra-api.mjs')`.
// CommonJS Jest without --experimental-vm-modules cannot import() ESM: use infra-api.cjs.
import { EDU, InfraError, STATE_FILE, readState as readStateFile, withLock } from './common.mjs';
import * as kafka from './kafka.mjs';
import * as keycloak from './keycloak.mjs';
import * as mail from './mail.mjs';
import * as mariadb from './mariadb.mjs';
import * as zipkin from './zipkin.mjs';

export const COMPONENTS = { kafka, keycloak, mariadb, zipkin, mail };
export const ALL = Object.keys(COMPONENTS);
export { EDU, InfraError, STATE_FILE };

function pick(names) {
  const list = !names || (Array.isArray(names) && names.length === 0) ? ALL : [].concat(names);
  for (const n of list)
    if (!COMPONENTS[n]) throw new InfraError(`unknown component "${n}": use one of ${ALL.join(', ')}`);
  return list;
}

/** Start (or confirm) components, in order. Resolves to one result per component. */
export async function up(names) {
  const list = pick(names);
  return withLock('infra', async () => {
    const out = [];
    for (const n of list) out.push(await COMPONENTS[n].up());
    return out;
  });
}

export async function down(names) {
  const list = [...pick(names)].reverse();
  return withLock('infra', async () => {
    const out = [];
    for (const n of list) out.push(await COMPONENTS[n].down());
    return out;
  });
}

/** SIGKILL the Kafka broker (no lock: tests call this while others may be mid-`up`). */
export async function killKafka() {
  return kafka.kill();
}

export async function status(names) {
  return Promise.all(pick(names).map((n) => COMPONENTS[n].status()));
}

export function readState() {
  return readStateFile();
}
