/** One jest run covers every workspace; each workspace keeps its tests in test/. */
const tsJest = (tsconfig) => ['ts-jest', { tsconfig: `<rootDir>/${tsconfig}` }];
// web-explorer's tsconfig.json is the browser build's; its tests (node, driving Chromium) have their own.
const projects = [['chaincode', 'tsconfig.json'], ['gateway-api', 'tsconfig.json'], ['web-explorer', 'tsconfig.test.json']];
module.exports = {
  // Each test file in a fresh worker process: with --experimental-vm-modules, an ESM-only package
  // imported by one file (oidc-provider, openid-client) could reach the module loader of a file
  // already torn down (jestjs/jest#11438, #11814). A limit this low recycles the worker after every
  // file; it also makes jest use a worker on a two-core machine instead of running in band.
  workerIdleMemoryLimit: '1KB',
  projects: projects.map(([name, tsconfig]) => ({
    displayName: name,
    rootDir: `<rootDir>/${name}`,
    testEnvironment: 'node',
    setupFiles: ['<rootDir>/../jest.setup.js'],
    testMatch: ['<rootDir>/test/**/*.test.ts'],
    transform: { '^.+\\.ts$': tsJest(tsconfig) },
    moduleNameMapper: {
      '^@estate-ledger/chaincode$': '<rootDir>/../chaincode/src/index.ts',
      '^@estate-ledger/api-schemas$': '<rootDir>/../api-schemas/src/index.ts',
      '^@estate-ledger/api-schemas/(.*)$': '<rootDir>/../api-schemas/src/$1',
    },
    // The explorer's end-to-end tests share one seeded gateway, started once for all their files.
    ...(name === 'web-explorer' && { globalSetup: '<rootDir>/test/support/global-setup.ts', globalTeardown: '<rootDir>/test/support/global-teardown.ts' }),
  })),
};
