export { IdentityStack, type IdentityStackProps } from './IdentityStack';
export * from './policies';
