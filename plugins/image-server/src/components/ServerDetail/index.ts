export { ServerOverview } from './ServerOverview';
export { MetricsCharts, chartSpecs } from './MetricsCharts';
