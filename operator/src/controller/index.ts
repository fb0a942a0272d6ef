export { InformerSet, type InformerEvent, type InformerHandler } from './InformerSet';
export { LeaderElector } from './LeaderElector';
export { Operator, type OperatorOptions } from './Operator';
export { WorkQueue, type WorkQueueOptions } from './WorkQueue';
