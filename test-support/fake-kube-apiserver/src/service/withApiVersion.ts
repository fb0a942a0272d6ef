import type { KubeObject, ResourceType } from '../types';

/** Objects are served in the version the request asked for (no conversion: only apiVersion changes). */
export function withApiVersion(object: KubeObject, type: ResourceType): KubeObject {
  return object.apiVersion === type.apiVersion ? object : { ...object, apiVersion: type.apiVersion };
}
