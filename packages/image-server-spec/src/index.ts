export { crossFieldProblems, type CrossFieldOldSpec, type CrossFieldSpec } from './crossFieldRules';
