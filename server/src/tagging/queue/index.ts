export { InlineTaggingQueue, type InlineQueueOptions } from './InlineTaggingQueue';
export { BullTaggingQueue, bullConnection, QUEUE_PREFIX, type BullQueueOptions } from './BullTaggingQueue';
export { startTaggingWorker, type TaggingWorker, type TaggingWorkerOptions } from './startTaggingWorker';
export { runWorker, type RunningWorker } from './runWorker';
