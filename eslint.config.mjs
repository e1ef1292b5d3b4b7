import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'web-explorer/dist/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The API's schemas are read by the browser too: zod and each other only, no Node APIs, no other workspace.
    files: ['api-schemas/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(node:|@estate-ledger/)', message: 'api-schemas is zod only: the explorer bundles it.' }] }],
      'no-restricted-globals': ['error', 'Buffer', 'process', 'require'],
    },
  },
  {
    // What the explorer imports at runtime must not pull zod into its bundle.
    files: ['api-schemas/src/vocabulary.ts', 'api-schemas/src/block-header.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '.', message: 'The explorer bundles this module at runtime: no imports.' }] }] },
  },
);
