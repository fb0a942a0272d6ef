export { builtinResources } from './builtinResources';
export { resourcesFromCrd } from './resourcesFromCrd';
export { ResourceRegistry } from './ResourceRegistry';
