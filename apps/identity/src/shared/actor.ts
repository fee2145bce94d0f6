import type { Actor } from '@edubase/contracts';
import type { AuthenticatedUser } from '@edubase/auth';

/** Who made a change, as recorded in audit rows and event envelopes. */
export interface ChangeActor extends Actor {
  /** 工号 or client id, for people reading the audit log. */
  name: string;
}

export function actorOf(user: AuthenticatedUser): ChangeActor {
  if (user.isServiceAccount) return { id: user.clientId, kind: 'service', name: user.clientId };
  // The token subject is the Keycloak user id; the 工号 (username) is what the district knows people by.
  return { id: user.subject, kind: 'person', name: user.username };
}

export const systemActor = (component: string): ChangeActor => ({
  id: component,
  kind: 'system',
  name: component,
});
