export { ImageServersPage } from './ImageServersPage';
export type { ImageServersPageProps } from './ImageServersPage';
export { ServerPage } from './ServerPage';
