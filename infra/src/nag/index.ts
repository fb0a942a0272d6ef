export { acknowledgeFindings } from './acknowledgeFindings';
