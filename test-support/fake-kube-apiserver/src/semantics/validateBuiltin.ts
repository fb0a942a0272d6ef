import { isObject, jsonEqual, type JsonObject } from './json';
import type { KubeObject } from '../types';

/** One validation failure, as in a 422 Status `details.causes`. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * The few built-in validations the fake enforces, chosen because operators get them wrong: a Deployment
 * needs a selector that matches its pod template and named containers with images; a Deployment's
 * selector, a Service's clusterIP and the data of an `immutable` ConfigMap/Secret cannot change.
 * `previous` is the stored object on updates.
 */
export function validateBuiltin(object: KubeObject, previous: KubeObject | undefined): FieldProblem[] {
  const key = `${object.apiVersion}/${object.kind}`;
  const problems: FieldProblem[] = [];
  if (key === 'apps/v1/Deployment') problems.push(...validateDeployment(object, previous));
  if (key === 'v1/Service' && previous) {
    const before = (previous.spec as JsonObject | undefined)?.clusterIP;
    const after = (object.spec as JsonObject | undefined)?.clusterIP;
    if (before && after && before !== after) {
      problems.push({
        field: 'spec.clusterIP',
        message: `Invalid value: "${String(after)}": field is immutable`,
      });
    }
  }
  if ((key === 'v1/ConfigMap' || key === 'v1/Secret') && previous?.immutable === true) {
    if (object.immutable !== true) {
      problems.push({ field: 'immutable', message: 'Forbidden: field is immutable when `immutable` is set' });
    }
    for (const field of ['data', 'binaryData']) {
      if (!jsonEqual(previous[field], object[field])) {
        problems.push({ field, message: 'Forbidden: field is immutable when `immutable` is set' });
      }
    }
  }
  return problems;
}

function validateDeployment(object: KubeObject, previous: KubeObject | undefined): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const spec = isObject(object.spec) ? object.spec : {};
  const selector = isObject(spec.selector) ? spec.selector : undefined;
  const template = isObject(spec.template) ? spec.template : {};
  const templateMeta = isObject(template.metadata) ? template.metadata : {};
  const templateLabels = isObject(templateMeta.labels)
    ? (templateMeta.labels as Record<string, unknown>)
    : {};
  const matchLabels = selector && isObject(selector.matchLabels) ? selector.matchLabels : {};
  if (!selector || (Object.keys(matchLabels).length === 0 && !Array.isArray(selector.matchExpressions))) {
    problems.push({ field: 'spec.selector', message: 'Required value' });
  } else if (Object.entries(matchLabels).some(([k, v]) => templateLabels[k] !== v)) {
    problems.push({
      field: 'spec.template.metadata.labels',
      message: 'Invalid value: `selector` does not match template `labels`',
    });
  }
  const podSpec = isObject(template.spec) ? template.spec : {};
  const containers = Array.isArray(podSpec.containers) ? podSpec.containers : [];
  if (containers.length === 0)
    problems.push({ field: 'spec.template.spec.containers', message: 'Required value' });
  containers.forEach((c, i) => {
    const container = isObject(c) ? c : {};
    if (!container.name)
      problems.push({ field: `spec.template.spec.containers[${i}].name`, message: 'Required value' });
    if (!container.image)
      problems.push({ field: `spec.template.spec.containers[${i}].image`, message: 'Required value' });
  });
  const before = previous && isObject(previous.spec) ? previous.spec.selector : undefined;
  if (previous && selector && !jsonEqual(before, selector)) {
    problems.push({ field: 'spec.selector', message: 'Invalid value: field is immutable' });
  }
  return problems;
}
