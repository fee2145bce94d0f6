import { createServiceApp, SERVICE_LOGGER } from '@edubase/http';
import type { Log } from '@edubase/telemetry';
import { AppModule } from './app.module';
import { CockpitConfig } from './cockpit.config';
import { serveDashboard } from './web/serve-dashboard';

async function main(): Promise<void> {
  const app = await createServiceApp(AppModule.forRoot(), {
    serviceName: 'cockpit',
    title: 'EduBase cockpit 数字驾驶舱',
    description:
      'District and school indicators for leaders, projected from identity and network-access events; live over server-sent events. The dashboard is served under /.',
    configClass: CockpitConfig,
  });
  const config = app.get(CockpitConfig);
  await serveDashboard(app, config.COCKPIT_WEB_ROOT);
  await app.listen({ port: config.HTTP_PORT, host: config.HTTP_HOST });
  app
    .get<Log>(SERVICE_LOGGER)
    .info(
      { port: config.HTTP_PORT, host: config.HTTP_HOST },
      `cockpit listening on http://${config.HTTP_HOST}:${config.HTTP_PORT} (dashboard at /)`,
    );
}

void main();
