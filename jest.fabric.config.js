/**
 * `npm run test:fabric`: the gateway on a real four-organisation Fabric network, which the global
 * setup builds and starts and the teardown stops. The files share that network, so they run one
 * after another (--runInBand).
 */
module.exports = {
  displayName: 'fabric',
  rootDir: 'gateway-api',
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/../jest.setup.js'],
  testMatch: ['<rootDir>/test-fabric/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  moduleNameMapper: {
    '^@estate-ledger/chaincode$': '<rootDir>/../chaincode/src/index.ts',
    '^@estate-ledger/api-schemas$': '<rootDir>/../api-schemas/src/index.ts',
    '^@estate-ledger/api-schemas/(.*)$': '<rootDir>/../api-schemas/src/$1',
  },
  globalSetup: '<rootDir>/test-fabric/support/network-setup.ts',
  globalTeardown: '<rootDir>/test-fabric/support/network-teardown.ts',
  testTimeout: 300_000,
};
