// Lets Node require .ts files, compiled with the same swc options as the build and Jest: for a worker
// thread started from TypeScript sources (under Jest, which transforms only its own module registry), and
// for benches run from sources (`node -r ./tools/testing/swc-require-hook.cjs <bench>.ts`), which the build
// leaves out of dist/.
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');
const { swcOptions } = require('../swc-options.cjs');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    ...swcOptions(),
    filename,
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
