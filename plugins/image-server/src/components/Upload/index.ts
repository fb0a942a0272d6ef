export { UploadDropzone } from './UploadDropzone';
export { queueFiles, refusalMessage } from './uploadQueue';
export type { UploadItem } from './uploadQueue';
