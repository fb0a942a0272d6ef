export type { ReceivedUpload, ReceiveOptions } from './types';
export { receiveUpload } from './receiveUpload';
export { HashingLimiter } from './HashingLimiter';
