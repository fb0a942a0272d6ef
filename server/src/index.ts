export { createServer, type ServerParts, type CreateServerOptions } from './createServer';
export { createApp } from './app';
export { loadConfig, ConfigError, CONFIG_VARIABLES, type Config } from './config';
export { createLogger } from './logging/logger';
export { Metrics } from './metrics';
export type { EventBus, ImageEvents } from './events';
