// Two Jest projects: fast unit tests, and integration tests against the real MariaDB, Kafka and Keycloak.
const { root, pathAliases, swcOptions } = require('./tools/swc-options.cjs');

const moduleNameMapper = Object.fromEntries(
  Object.entries(pathAliases()).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);
const transform = { '^.+\\.ts$': ['@swc/jest', { ...swcOptions(), sourceMaps: 'inline' }] };
const common = {
  rootDir: root,
  testEnvironment: 'node',
  transform,
  moduleNameMapper,
  moduleFileExtensions: ['ts', 'js', 'json'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.edubase/'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.edubase/'],
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/tools/testing/integration-setup.ts'],
      slowTestThreshold: 30,
    },
    // `npm run test:faults`: kills its own private MariaDB, Kafka, Keycloak and the services under load;
    // minutes long, so not part of `npm test`.
    {
      ...common,
      displayName: 'faults',
      testMatch: ['<rootDir>/apps/fault-suite/test/**/*.fault-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/tools/testing/integration-setup.ts'],
    },
    // `npm run test:scale-out`: two instances of each service on the shared infrastructure, one killed
    // under load; minutes long, so not part of `npm test`.
    {
      ...common,
      displayName: 'scaleout',
      testMatch: ['<rootDir>/apps/fault-suite/test/**/*.scaleout-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/tools/testing/integration-setup.ts'],
    },
  ],
};
