export { ManagedDatabases } from './ManagedDatabases';
export { managedDatabaseName } from './managedNames';
