export { applyDefaults, type DefaultingContext } from './applyDefaults';
export { applySchemaDefaults, type DefaultingSchema } from './applySchemaDefaults';
export { jsonEqual } from './json';
export { parseFieldSelector, type FieldMatcher } from './fieldSelector';
export { jsonPatch, type JsonPatchResult } from './jsonPatch';
export { parseLabelSelector, type LabelMatcher } from './labelSelector';
export {
  recordUpdate,
  serverSideApply,
  trackedPart,
  type ApplyConflict,
  type ApplyOutcome,
  type WriteScope,
  type Writer,
} from './managedFields';
export { mergePatch } from './mergePatch';
export { generatedName, nameProblem } from './objectNames';
export { specChanged } from './specChanged';
export { validateBuiltin, type FieldProblem } from './validateBuiltin';
export { strategicMergePatch } from './strategicMergePatch';
