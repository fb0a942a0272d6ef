export { defineModels } from './defineModels';
export type * from './types';
