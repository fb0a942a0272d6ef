import type { ResourceDefinition, ResourceType } from '../types';

/** The kinds the server serves, found by URL (group/version/plural) or by apiVersion + kind. */
export class ResourceRegistry {
  private readonly byPath = new Map<string, ResourceType>();

  /** Adds (or replaces) a kind; returns the registered type. */
  register(def: ResourceDefinition, builtin = false): ResourceType {
    const type: ResourceType = {
      group: def.group,
      version: def.version,
      kind: def.kind,
      plural: def.plural,
      namespaced: def.namespaced,
      hasStatus: def.hasStatus,
      singular: def.singular ?? def.kind.toLowerCase(),
      shortNames: def.shortNames ?? [],
      selectableFields: def.selectableFields ?? [],
      apiVersion: def.group ? `${def.group}/${def.version}` : def.version,
      storageKey: `${def.group}/${def.plural}`,
      builtin,
      ...(def.schema !== undefined ? { schema: def.schema } : {}),
    };
    this.byPath.set(pathKey(def.group, def.version, def.plural), type);
    return type;
  }

  /** Removes every version of `group/plural`. */
  unregister(group: string, plural: string): void {
    for (const [key, type] of this.byPath) {
      if (type.group === group && type.plural === plural) this.byPath.delete(key);
    }
  }

  byUrl(group: string, version: string, plural: string): ResourceType | undefined {
    return this.byPath.get(pathKey(group, version, plural));
  }

  byKind(apiVersion: string, kind: string): ResourceType | undefined {
    for (const type of this.byPath.values()) {
      if (type.apiVersion === apiVersion && type.kind === kind) return type;
    }
    return undefined;
  }

  /** One served version of the kind stored under `storageKey` (the first registered). */
  byStorageKey(storageKey: string): ResourceType | undefined {
    for (const type of this.byPath.values()) if (type.storageKey === storageKey) return type;
    return undefined;
  }

  /** Every registered kind, in registration order. */
  all(): ResourceType[] {
    return [...this.byPath.values()];
  }
}

function pathKey(group: string, version: string, plural: string): string {
  return `${group}/${version}/${plural}`;
}
