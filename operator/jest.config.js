/**
 * @kubernetes/client-node 2.x, kubernetes-models and a few of their dependencies ship only ES
 * modules; jest's module system is CommonJS, so @swc/jest transforms them like our own sources
 * (see /tmp/notes/k8s-client-under-jest.md from the fake API server's authors).
 * The fake API server and the shared spec rules are loaded from their TypeScript sources so tests
 * need no build step.
 * @type {import('jest').Config}
 */
const esmOnly = [
  '@kubernetes/client-node',
  'openid-client',
  'oauth4webapi',
  'jose',
  'socks-proxy-agent',
  'agent-base',
  'kubernetes-models',
  '@kubernetes-models',
  'is-cidr',
  'cidr-regex',
  'ip-regex',
];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2024' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleNameMapper: {
    '^@imageserver/fake-kube-apiserver$': '<rootDir>/../test-support/fake-kube-apiserver/src',
    '^@imageserver/image-server-spec$': '<rootDir>/../packages/image-server-spec/src',
  },
  testTimeout: 30000,
};
