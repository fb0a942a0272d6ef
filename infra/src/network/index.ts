export { NetworkStack, SUBNETS } from './NetworkStack';
