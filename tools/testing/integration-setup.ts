// Integration tests talk to a real broker, Keycloak and MariaDB on a shared 2-core machine; Jest's 5 s
// default would fail slow-but-correct hooks. Per-project `testTimeout` is ignored by Jest 30, hence here.
jest.setTimeout(120_000);
