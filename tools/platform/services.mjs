// The deployables `npm start` runs, in start order. Adding a service is one entry here.
export const services = [
  {
    name: 'identity',
    port: 3101,
    database: 'edubase_identity',
    seed: 'dist/apps/identity/src/seed/seed-demo.js',
  },
  {
    name: 'network-access',
    port: 3102,
    database: 'edubase_netaccess',
    seed: 'dist/apps/network-access/src/seed/seed-demo.js',
  },
  { name: 'cockpit', port: 3106, database: 'edubase_cockpit', seed: null },
];
