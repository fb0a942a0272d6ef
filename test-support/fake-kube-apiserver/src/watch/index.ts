export { WatchHub, type WatchParams } from './WatchHub';
export { watchEventFor, type WatchEvent } from './watchEventFor';
