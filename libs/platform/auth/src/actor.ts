import type { Actor } from '@edubase/contracts';
import type { AuthenticatedUser } from './authenticated-user';

/** Who made a change, as audit rows and event envelopes record it. */
export interface ChangeActor extends Actor {
  /** 工号 or client id, for people reading the audit log. */
  name: string;
}

/** The caller as the author of a change: a person by Keycloak id (and 工号), a district system by client id. */
export function actorOf(user: AuthenticatedUser): ChangeActor {
  if (user.isServiceAccount) return { id: user.clientId, kind: 'service', name: user.clientId };
  return { id: user.subject, kind: 'person', name: user.username };
}

/** A component of the service itself (a job, the seed) as the author of a change. */
export const systemActor = (component: string): ChangeActor => ({
  id: component,
  kind: 'system',
  name: component,
});
