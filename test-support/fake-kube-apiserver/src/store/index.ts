export { ExpiredError } from './ExpiredError';
export { ObjectStore } from './ObjectStore';
export type { StoreEvent, StoreListener } from './types';
