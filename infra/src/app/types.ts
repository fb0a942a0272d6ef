import type { ClusterStack } from '../cluster/ClusterStack';
import type { DataStack } from '../data/DataStack';
import type { EdgeCertificateStack } from '../edge/EdgeCertificateStack';
import type { EdgeStack } from '../edge/EdgeStack';
import type { IdentityStack } from '../identity/IdentityStack';
import type { NetworkStack } from '../network/NetworkStack';
import type { EdgeAlarmsStack } from '../observability/EdgeAlarmsStack';
import type { ObservabilityStack } from '../observability/ObservabilityStack';
import type { TaggingStack } from '../tagging/TaggingStack';

/** Every stack of one environment, by role. */
export interface PlatformStacks {
  readonly network: NetworkStack;
  readonly cluster: ClusterStack;
  readonly data: DataStack;
  readonly identity: IdentityStack;
  readonly tagging: TaggingStack;
  readonly edgeCertificate: EdgeCertificateStack;
  readonly edge: EdgeStack;
  readonly observability: ObservabilityStack;
  readonly edgeAlarms: EdgeAlarmsStack;
}
