import type { EnvVar, PodTemplateSpec } from './kubeTypes';
import type { ImageServer } from '../crd/types';
import { contentHash } from '../hash';
import { type Component, CONFIG_HASH_ANNOTATION, names, selectorLabels } from './labels';
import {
  buildServerSettings,
  DATA_DIR,
  PRE_STOP_SECONDS,
  SERVER_PORT,
  TERMINATION_GRACE_SECONDS,
} from './serverSettings';
import type { BuildContext } from './types';

const USER_ID = 1000;

/** Requests and limits from the spec, copied so that the result owns its objects. */
function resourceRequirements(server: ImageServer): {
  requests?: Record<string, string>;
  limits?: Record<string, string>;
} {
  const r = server.spec.resources ?? {};
  const copy = (l?: { cpu?: string; memory?: string }) => (l ? { ...l } : undefined);
  return JSON.parse(JSON.stringify({ requests: copy(r.requests), limits: copy(r.limits) }));
}

/** Secret-backed environment: never in the ConfigMap, always through `valueFrom`. */
export function secretEnv(server: ImageServer): EnvVar[] {
  const credentials = names.credentials(server);
  const fromSecret = (name: string, secret: string, key: string): EnvVar => ({
    name,
    valueFrom: { secretKeyRef: { name: secret, key } },
  });
  const env = [
    fromSecret('ADMIN_API_KEY', credentials, 'ADMIN_API_KEY'),
    fromSecret('SIGNING_KEYS', credentials, 'SIGNING_KEYS'),
  ];
  const { database, cache } = server.spec;
  if (database.managed) env.push(fromSecret('DATABASE_URL', credentials, 'DATABASE_URL'));
  else if (database.secretRef)
    env.push(fromSecret('DATABASE_URL', database.secretRef.name, database.secretRef.key ?? 'url'));
  if (cache?.secretRef) env.push(fromSecret('REDIS_URL', cache.secretRef.name, cache.secretRef.key ?? 'url'));
  return env;
}

/**
 * The pod template shared by the server and the queue worker: non-root, read-only root
 * filesystem with emptyDirs for temp files, no privilege escalation, spread over zones and nodes.
 */
export function buildPodTemplate(
  server: ImageServer,
  ctx: BuildContext,
  component: Component,
): PodTemplateSpec {
  const labels = selectorLabels(server, component);
  const isServer = component === 'server';
  // Rolls the pods when settings change or credentials rotate (env from Secrets is read at start only).
  const configHash = contentHash({
    settings: buildServerSettings(server, ctx.settings),
    credentials: ctx.credentials,
  });
  const spread = (topologyKey: string) => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: 'ScheduleAnyway' as const,
    labelSelector: { matchLabels: labels },
    matchLabelKeys: ['pod-template-hash'],
  });
  return {
    metadata: {
      labels,
      annotations: {
        [CONFIG_HASH_ANNOTATION]: configHash,
        ...(isServer
          ? {
              'prometheus.io/scrape': 'true',
              'prometheus.io/port': String(SERVER_PORT),
              'prometheus.io/path': '/metrics',
            }
          : {}),
      },
    },
    spec: {
      serviceAccountName: names.server(server),
      automountServiceAccountToken: false,
      terminationGracePeriodSeconds: TERMINATION_GRACE_SECONDS,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: USER_ID,
        runAsGroup: USER_ID,
        fsGroup: USER_ID,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      topologySpreadConstraints: [spread('topology.kubernetes.io/zone'), spread('kubernetes.io/hostname')],
      containers: [
        {
          name: component,
          image: server.spec.image,
          ...(isServer ? {} : { command: ['node', 'dist/worker.js'] }),
          ...(isServer ? { ports: [{ name: 'http', containerPort: SERVER_PORT, protocol: 'TCP' }] } : {}),
          envFrom: [{ configMapRef: { name: names.server(server) } }],
          env: secretEnv(server),
          resources: resourceRequirements(server),
          ...(isServer
            ? {
                startupProbe: {
                  httpGet: { path: '/healthz', port: 'http' },
                  periodSeconds: 2,
                  failureThreshold: 30,
                },
                livenessProbe: {
                  httpGet: { path: '/healthz', port: 'http' },
                  periodSeconds: 10,
                  failureThreshold: 3,
                },
                readinessProbe: {
                  httpGet: { path: '/readyz', port: 'http' },
                  periodSeconds: 5,
                  failureThreshold: 3,
                },
                // Keep serving while the ALB deregisters the pod, then SIGTERM starts graceful shutdown.
                lifecycle: { preStop: { sleep: { seconds: PRE_STOP_SECONDS } } },
              }
            : {}),
          securityContext: {
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            capabilities: { drop: ['ALL'] },
          },
          volumeMounts: [
            { name: 'data', mountPath: DATA_DIR },
            { name: 'tmp', mountPath: '/tmp' },
          ],
        },
      ],
      volumes: [
        { name: 'data', emptyDir: { sizeLimit: '2Gi' } },
        { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } },
      ],
    },
  };
}
