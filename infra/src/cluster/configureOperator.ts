/** What the platform knows that the operator's generic manifest cannot. */
export interface OperatorSettings {
  /** Environment variables to set on the operator container (replacing values of the same name). */
  readonly env: Readonly<Record<string, string>>;
  /** Replaces the container image, e.g. with the ECR repository. Kept when undefined. */
  readonly image?: string;
}

type Obj = Record<string, unknown>;
interface Container {
  name?: string;
  image?: string;
  env?: { name: string; value?: string; valueFrom?: unknown }[];
}

/**
 * Returns the operator's manifest with its Deployment configured for this environment: the
 * container's environment variables (cluster name, region, workload role, …) and optionally its
 * image. Does not modify `objects`. Other objects are returned as they are.
 * @throws {Error} when the manifest has no Deployment with a container, since the operator would
 *   then start unconfigured.
 */
export function configureOperator(objects: readonly Obj[], settings: OperatorSettings): Obj[] {
  let configured = false;
  const result = objects.map((object) => {
    if (object.kind !== 'Deployment' || configured) return object;
    const copy = structuredClone(object) as { spec?: { template?: { spec?: { containers?: Container[] } } } };
    const container = copy.spec?.template?.spec?.containers?.[0];
    if (!container) return object;
    const names = new Set(Object.keys(settings.env));
    container.env = [
      ...(container.env ?? []).filter((e) => !names.has(e.name)),
      ...Object.entries(settings.env).map(([name, value]) => ({ name, value })),
    ];
    if (settings.image) container.image = settings.image;
    configured = true;
    return copy as Obj;
  });
  if (!configured) throw new Error('the operator manifest has no Deployment with a container to configure');
  return result;
}
