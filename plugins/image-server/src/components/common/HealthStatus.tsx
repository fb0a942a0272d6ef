import { StatusError, StatusOK, StatusPending, StatusWarning } from '@backstage/core-components';
import type { ServerHealth } from '../../api';

const labels: Record<ServerHealth, string> = {
  healthy: 'Healthy',
  progressing: 'Progressing',
  degraded: 'Degraded',
  unknown: 'Unknown',
};

/** The health of a server as a core-components status, with the reason beside it. */
export function HealthStatus(props: { health: ServerHealth; reason?: string }) {
  const text = props.reason ? `${labels[props.health]} (${props.reason})` : labels[props.health];
  switch (props.health) {
    case 'healthy':
      return <StatusOK>{text}</StatusOK>;
    case 'progressing':
      return <StatusPending>{text}</StatusPending>;
    case 'degraded':
      return <StatusError>{text}</StatusError>;
    default:
      return <StatusWarning>{text}</StatusWarning>;
  }
}
