export { ServerList, refreshChoices } from './ServerList';
