export { Metrics } from './Metrics';
