import { sessionStartedV1 } from './session-started.v1';
import { sessionStoppedV1 } from './session-stopped.v1';
import { authRejectedV1 } from './auth-rejected.v1';
import { terminalRegisteredV1 } from './terminal-registered.v1';
import { nasRegisteredV1 } from './nas-registered.v1';

export * from './schemas';

/** Every netaccess event, one folder each. */
export const netaccessEvents = [
  sessionStartedV1,
  sessionStoppedV1,
  authRejectedV1,
  terminalRegisteredV1,
  nasRegisteredV1,
] as const;
