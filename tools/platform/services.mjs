// The deployables `npm start` runs, in start order. Adding a service is one entry here.
// Secrets below are the demo realm's (deploy/keycloak/edubase-realm.json); production injects its own.
export const services = [
  {
    name: 'identity',
    port: 3101,
    database: 'edubase_identity',
    // Runs once the service is ready; loads the 奉贤区 demo district and provisions Keycloak accounts.
    seed: 'dist/apps/identity/src/seed/seed-demo.js',
    // 沉睡账号 are disabled (suspended, announced as deactivated), not only flagged, after 90 days without a login.
    env: { DISABLE_DORMANT: 'true', DORMANT_AFTER_DAYS: '90' },
  },
  {
    name: 'network-access',
    port: 3102,
    database: 'edubase_netaccess',
    seed: null,
    env: {
      SSO_PASSWORD_CLIENT_ID: 'edubase-netaccess',
      SSO_PASSWORD_CLIENT_SECRET: 'edubase-netaccess-secret',
      // NAS devices and terminals for every school identity's events announce (seeded inside the service).
      SEED_DEMO_NETWORK: 'true',
    },
  },
  {
    name: 'governance',
    port: 3105,
    database: 'edubase_governance',
    seed: null,
    // The demo 等保 register and catalog (seeded inside the service, once); EduBase's services register themselves.
    env: {
      GOVERNANCE_SEED_DEMO: 'true',
      // its service account manages the client scopes of approved data-sharing requests
      GOVERNANCE_SSO_CLIENT_SECRET: 'edubase-governance-secret',
    },
  },
  { name: 'cockpit', port: 3106, database: 'edubase_cockpit', seed: null, env: {}, home: '/' },
  // The staff console (工作台): the built apps/console-web and the APIs above on one origin; no database.
  { name: 'console', port: 3107, database: null, seed: null, env: {}, home: '/', docs: false },
];

// Started after the services are ready and seeded; no HTTP port of their own.
export const workers = [
  {
    name: 'radius-simulator',
    main: 'dist/apps/network-access/src/simulator/main.js',
    envOf: 'network-access',
  },
];
