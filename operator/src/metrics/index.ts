export { Metrics } from './Metrics';
export { observeAws } from './observeAws';
export { startHttpServer, type HealthSource } from './startHttpServer';
