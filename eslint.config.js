import js from '@eslint/js'
import tseslint from 'typescript-eslint'

// Module boundaries (docs/architecture.md): the core never imports @actions/*; only src/action does.
// Only src/cli touches argv, stdout and exit codes (checked by a unit test that reads the sources).
const noActions = {
  patterns: [{ group: ['@actions/*'], message: 'Only src/action/ may import @actions/*.' }],
}

export default tseslint.config(
  { ignores: ['dist/**', 'build/**', 'node_modules/**', '.cache/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', NodeJS: 'readonly', structuredClone: 'readonly', setImmediate: 'readonly', queueMicrotask: 'readonly', fetch: 'readonly', performance: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/action/**', 'src/action.ts'],
    rules: { 'no-restricted-imports': ['error', noActions] },
  },
)
