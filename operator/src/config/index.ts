export * from './types';
export { loadOperatorConfig } from './loadOperatorConfig';
