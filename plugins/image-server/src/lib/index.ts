export * from './crdLimits';
export * from './createServerForm';
export * from './metricsSeries';
export * from './format';
