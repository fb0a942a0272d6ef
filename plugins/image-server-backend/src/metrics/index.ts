export { summarizeMetrics, parsePrometheusText, METRIC_NAMES, type PreviousScrape } from './summarizeMetrics';
export { histogramQuantile } from './histogramQuantile';
