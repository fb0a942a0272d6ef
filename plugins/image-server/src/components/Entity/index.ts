export { EntityImageServerContent } from './EntityImageServerContent';
export { EntityImageServerCard } from './EntityImageServerCard';
export * from './annotations';
