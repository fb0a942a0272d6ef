export { loadTfjs } from './loadTfjs';
export { loadGraphModelFromFiles } from './loadGraphModelFromFiles';
export { lazyModel } from './lazyModel';
