/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2024' } }] },
  // Synthesizing the whole app (EKS, cross-region references, cdk-nag) takes a while on 2 shared cores.
  testTimeout: 300000,
};
