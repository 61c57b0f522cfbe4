/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: '<rootDir>/scripts/jest-node-environment.js',
  roots: ['<rootDir>/packages', '<rootDir>/apps'],
  // The interview page's sources (apps/gateway/page) have no src/ of their own.
  testMatch: ['**/src/**/*.test.ts', '**/apps/gateway/page/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transformIgnorePatterns: ['/node_modules/(?!unpdf/dist/pdfjs\\.mjs$)'],
  transform: {
    // pdf.js as unpdf bundles it is an ES module, required by path (packages/documents/src/pdf-text.ts):
    // jest loads modules its own way and needs it as CommonJS.
    'unpdf/dist/pdfjs\\.mjs$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
      },
    ],
  },
  // Tests run the packages' sources, not their builds, so a change needs no rebuild to test.
  moduleNameMapper: {
    '^@gapflow/documents/model-reader$': '<rootDir>/packages/documents/src/model-reader.ts',
    '^@gapflow/(core|observability|state|testing|retrieval|documents|llm|workflow|queue|client)$': '<rootDir>/packages/$1/src/index.ts',
  },
  setupFilesAfterEnv: ['<rootDir>/scripts/jest-vitest-compat.js'],
  // Two cores: more workers only make the real redis-servers and child processes contend.
  maxWorkers: 2,
  testTimeout: 30_000,
};
