// ESLint (flat config) for the TypeScript sources and tests and the plain Node scripts. Formatting is
// prettier's job (eslint-config-prettier turns the overlapping rules off); these rules catch mistakes
// and hold the project's few hard lines: no console in nodes/, no Node-RED import under nodes/lib.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.node-red/', '.ci/', 'coverage/', 'test/.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-var': 'error',
      'prefer-const': 'error',
    },
  },
  {
    files: ['nodes/**/*.ts'],
    rules: {
      // Nodes log through Node-RED's logger, the library through the injected one.
      'no-console': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['nodes/lib/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node-red', '@node-red/*', 'node-red-*'], message: 'nodes/lib is the library: it must not import Node-RED.' },
          ],
        },
      ],
    },
  },
  {
    // Tests read loosely typed answers (HTTP bodies, Node-RED internals) and load the built package
    // and Node-RED's own modules by path, which needs require().
    files: ['test/**/*.ts'],
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The editor code Node-RED serves to the browser (resources/): written like the definitions in the
    // nodes' .html files, against the editor's globals.
    files: ['resources/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser, RED: 'readonly', $: 'readonly' } },
    rules: { 'no-var': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
