import type { Actor } from '@edubase/contracts';
import type { AuthenticatedUser } from '@edubase/auth';

export function actorOf(user: AuthenticatedUser): Actor {
  return user.isServiceAccount
    ? { id: user.clientId, kind: 'service' }
    : { id: user.subject, kind: 'person' };
}
