// The deployables `npm start` runs, in start order. Adding a service is one entry here.
// Secrets below are the demo realm's (deploy/keycloak/edubase-realm.json); production injects its own.
export const services = [
  {
    name: 'identity',
    port: 3101,
    database: 'edubase_identity',
    seed: 'dist/apps/identity/src/seed/seed-demo.js',
    env: {},
  },
  {
    name: 'network-access',
    port: 3102,
    database: 'edubase_netaccess',
    seed: 'dist/apps/network-access/src/seed/seed-demo.js',
    env: {
      SSO_PASSWORD_CLIENT_ID: 'edubase-netaccess',
      SSO_PASSWORD_CLIENT_SECRET: 'edubase-netaccess-secret',
    },
  },
  { name: 'cockpit', port: 3106, database: 'edubase_cockpit', seed: null, env: {} },
];
