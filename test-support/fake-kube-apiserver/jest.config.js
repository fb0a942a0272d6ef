/**
 * @kubernetes/client-node 2.x and a few of its dependencies ship only ES modules. Jest's module
 * system is CommonJS unless run with --experimental-vm-modules, so those packages are transformed
 * to CommonJS by @swc/jest like our own sources (transformIgnorePatterns lets them through).
 * @type {import('jest').Config}
 */
const esmOnly = [
  '@kubernetes/client-node',
  'openid-client',
  'oauth4webapi',
  'jose',
  'socks-proxy-agent',
  'agent-base',
];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2024' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  testTimeout: 30000,
};
