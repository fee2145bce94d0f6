import { loadConsoleConfig } from './console.config';
import { createConsoleServer } from './console-server';

const config = loadConsoleConfig();
void createConsoleServer(config).then(async (server) => {
  await server.listen({ host: config.HTTP_HOST, port: config.HTTP_PORT });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void server.close());
});
