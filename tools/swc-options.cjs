// One source of truth for how TypeScript becomes JavaScript: the build and Jest both use these
// options, and path aliases come from tsconfig.base.json so they are never written twice.
const path = require('node:path');
const fs = require('node:fs');

const root = path.resolve(__dirname, '..');
const tsconfig = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));

/** @returns {Record<string, string[]>} */
function pathAliases() {
  return tsconfig.compilerOptions.paths;
}

/** @returns {import('@swc/core').Options} */
function swcOptions() {
  return {
    swcrc: false,
    sourceMaps: true,
    module: { type: 'commonjs', strictMode: true },
    jsc: {
      target: 'es2023',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
      baseUrl: root,
      paths: pathAliases(),
    },
  };
}

module.exports = { root, pathAliases, swcOptions };
