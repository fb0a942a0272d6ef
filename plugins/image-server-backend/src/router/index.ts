export { createRouter, type RouterOptions } from './createRouter';
