import { createServiceApp } from '@edubase/http';
import { AppModule } from '../app.module';
import { IdentityConfig } from '../identity.config';
import { DemoSeedService } from './demo-seed.service';

/**
 * `node -r ./dist/libs/platform/telemetry/src/preload.js dist/apps/identity/src/seed/seed-demo.js`: loads the
 * 奉贤区 demo district into the identity database (migrating it first) and provisions the staff in
 * Keycloak. Safe to run again. With INITIAL_PASSWORD set, new accounts get that temporary password.
 */
async function main(): Promise<void> {
  const app = await createServiceApp(AppModule.forRoot(), {
    serviceName: 'identity-seed',
    title: 'identity demo seed',
    description: 'loads the demo district',
    configClass: IdentityConfig,
    env: { ...process.env, RECONCILE_INTERVAL_MINUTES: '0', DORMANT_CHECK_INTERVAL_MINUTES: '0' },
  });
  await app.init();
  try {
    const report = await app.get(DemoSeedService).seed();
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (report.keycloakFailures.length > 0) process.exitCode = 1;
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `demo seed failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
