import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import requireRouteAccess from './tools/lint-rules/require-route-access.cjs';

const scopes = ['identity', 'netaccess', 'projects', 'training', 'governance', 'cockpit', 'console'];

// Where test code lives: specs beside the code, integration specs and their helpers in each project's
// test/ folder, benches in bench/. Only these may import `type:testing` libs (@edubase/testing).
const testCode = ['**/*.spec.ts', '**/*.spec.tsx', '**/*.int-spec.ts', '**/test/**/*.ts', '**/bench/**/*.ts'];

/** The Nx boundary rule's options; test code may also depend on `type:testing` libs. */
function moduleBoundaries({ inTestCode }) {
  const testing = inTestCode ? ['type:testing'] : [];
  return {
    enforceBuildableLibDependency: false,
    allow: [],
    depConstraints: [
      // Layers: an app composes features; features use data access; everything may use contracts and utils.
      {
        sourceTag: 'type:app',
        onlyDependOnLibsWithTags: [
          'type:feature',
          'type:data-access',
          'type:contracts',
          'type:util',
          ...testing,
        ],
      },
      {
        sourceTag: 'type:feature',
        onlyDependOnLibsWithTags: [
          'type:feature',
          'type:data-access',
          'type:contracts',
          'type:util',
          ...testing,
        ],
      },
      {
        sourceTag: 'type:data-access',
        onlyDependOnLibsWithTags: ['type:data-access', 'type:contracts', 'type:util', ...testing],
      },
      { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts', ...testing] },
      { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util', 'type:contracts', ...testing] },
      // Test infrastructure drives the real platform; nothing but test code depends on it (above).
      {
        sourceTag: 'type:testing',
        onlyDependOnLibsWithTags: ['type:testing', 'type:data-access', 'type:contracts', 'type:util'],
      },
      // Domains: a service sees its own libs and the shared platform, never another domain's code.
      { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
      // Whole-platform suites (the fault suite) drive every domain at once; nothing depends on them.
      { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['*'] },
      ...scopes.map((scope) => ({
        sourceTag: `scope:${scope}`,
        onlyDependOnLibsWithTags: [`scope:${scope}`, 'scope:shared'],
      })),
    ],
  };
}

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.edubase/**',
      '.nx/**',
      'coverage/**',
      'tmp/**',
      'test-artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx, edubase: { rules: { 'require-route-access': requireRouteAccess } } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'edubase/require-route-access': 'error',
      '@nx/enforce-module-boundaries': ['error', moduleBoundaries({ inTestCode: false })],
    },
  },
  {
    files: testCode,
    rules: { '@nx/enforce-module-boundaries': ['error', moduleBoundaries({ inTestCode: true })] },
  },
  {
    // Request DTOs: an optional field present as null must still be validated (a 400, not a 500 at the
    // NOT NULL column); OptionalField/NullableField from @edubase/http say which is meant.
    files: ['apps/**/*.dto.ts', 'apps/**/paging.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'class-validator',
              importNames: ['IsOptional'],
              message:
                'Use OptionalField() (null refused) or NullableField() (null clears) from @edubase/http.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
