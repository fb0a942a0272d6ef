export { ObservabilityStack, type ObservabilityStackProps } from './ObservabilityStack';
export { EdgeAlarmsStack, type EdgeAlarmsStackProps } from './EdgeAlarmsStack';
export { AlarmTopic, type AlarmTopicProps } from './AlarmTopic';
export { metricsInsights } from './metricsInsights';
