/**
 * `npm run test:object-store`: uploaded materials in a real S3-compatible object store (SeaweedFS,
 * built from the Go module proxy by gateway-api/test-object-store/build-seaweedfs.sh, which the
 * script runs first). Kept out of `npm test` because that build needs Go and, on a cold cache,
 * about 13 minutes.
 */
const fabric = require('./jest.fabric.config');

module.exports = {
  displayName: 'object-store',
  rootDir: 'gateway-api',
  testEnvironment: 'node',
  setupFiles: fabric.setupFiles,
  testMatch: ['<rootDir>/test-object-store/**/*.test.ts'],
  transform: fabric.transform,
  moduleNameMapper: fabric.moduleNameMapper,
  testTimeout: 180_000,
};
