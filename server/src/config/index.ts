export * from './types';
export { loadConfig, ConfigError, CONFIG_VARIABLES } from './loadConfig';
