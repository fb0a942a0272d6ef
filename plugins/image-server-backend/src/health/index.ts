export { deriveHealth } from './deriveHealth';
export {
  toHealthInput,
  toServerEvents,
  deploymentCounts,
  autoscalerFigures,
  RECENT_WARNING_MS,
} from './toHealthInput';
export type { HealthInput, HealthVerdict } from './types';
