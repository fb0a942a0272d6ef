export { CreateServerForm } from './CreateServerForm';
export { CreateServerPage, suggestCluster } from './CreateServerPage';
