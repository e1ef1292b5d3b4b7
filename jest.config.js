/** One jest run covers every workspace; each workspace keeps its tests in test/. */
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }];
module.exports = {
  projects: ['chaincode', 'gateway-api'].map((name) => ({
    displayName: name,
    rootDir: `<rootDir>/${name}`,
    testEnvironment: 'node',
    setupFiles: ['<rootDir>/../jest.setup.js'],
    testMatch: ['<rootDir>/test/**/*.test.ts'],
    transform: { '^.+\\.ts$': tsJest },
    moduleNameMapper: { '^@estate-ledger/chaincode$': '<rootDir>/../chaincode/src/index.ts' },
  })),
};
