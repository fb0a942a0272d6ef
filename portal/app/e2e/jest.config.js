/**
 * The portal's end-to-end test: starts the image server, the portal backend and this app, then
 * drives Chromium through them. One test file, run in band.
 * @type {import('jest').Config}
 */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.e2e.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2024' } }] },
  maxWorkers: 1,
  testTimeout: 120000,
};
