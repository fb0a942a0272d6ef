// Reads a JSON array of Kubernetes objects on stdin and prints a JSON array with one entry per
// object: null when it passes the upstream OpenAPI schema (through kubernetes-models), else the
// error message. A separate Node process because kubernetes-models is ESM-only and jest is not.
import { text } from 'node:stream/consumers';

const objects = JSON.parse(await text(process.stdin));
const modules = {
  v1: 'kubernetes-models/v1',
  'apps/v1': 'kubernetes-models/apps/v1',
  'autoscaling/v2': 'kubernetes-models/autoscaling/v2',
  'policy/v1': 'kubernetes-models/policy/v1',
  'networking.k8s.io/v1': 'kubernetes-models/networking.k8s.io/v1',
  'apiextensions.k8s.io/v1': 'kubernetes-models/apiextensions.k8s.io/v1',
  'rbac.authorization.k8s.io/v1': 'kubernetes-models/rbac.authorization.k8s.io/v1',
  'coordination.k8s.io/v1': 'kubernetes-models/coordination.k8s.io/v1',
};
const results = [];
for (const obj of objects) {
  try {
    const path = modules[obj.apiVersion];
    if (!path) throw new Error(`no schema for apiVersion ${obj.apiVersion}`);
    const Model = (await import(path))[obj.kind];
    if (!Model) throw new Error(`no schema for ${obj.apiVersion} ${obj.kind}`);
    new Model(obj).validate();
    results.push(null);
  } catch (err) {
    results.push(String(err?.message ?? err));
  }
}
process.stdout.write(JSON.stringify(results));
