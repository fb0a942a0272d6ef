export type { EventBus, EventHandler, EventName, ImageEvents } from './types';
export { InProcessEventBus } from './InProcessEventBus';
