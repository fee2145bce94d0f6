// @edubase/testing: what the integration suites, benches and browser tests of every service share to
// work against the real MariaDB, Kafka and Keycloak — run ids, throwaway databases, broker clean-up,
// realm tokens, polling, child-process services, a stand-in OTLP collector, Debian's chromium and a record
// of what a service wrote to its outbox. Test code only: no service imports it. Helpers tied to one
// data-access lib live with that lib's tests (e.g. messaging/test), unless apps' suites need them too.
export * from './browser';
export * from './built-sources';
export * from './callers';
export * from './infrastructure';
export * from './kafka-cleanup';
export * from './keycloak-tokens';
export * from './otlp-collector';
export * from './platform-services';
export * from './outbox-writes';
export * from './radclient';
export * from './realm-users';
export * from './route-access-callers';
export * from './route-access-matrix';
export * from './run-id';
export * from './service-process';
export * from './tcp-proxy';
export * from './temporary-database';
export * from './wait-for';
export * from './hostile-uploads';
