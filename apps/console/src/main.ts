import { loadConsoleConfig } from './console.config';
import { createConsoleServer } from './console-server';

const config = loadConsoleConfig();
void createConsoleServer(config).then(async (server) => {
  await server.listen({ host: config.host, port: config.port });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void server.close());
});
