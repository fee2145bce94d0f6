import { terminalRegisteredPayloadV1 } from '../schemas';

export const terminalRegisteredV1 = {
  topic: 'netaccess.terminal.registered.v1',
  payload: terminalRegisteredPayloadV1,
} as const;
