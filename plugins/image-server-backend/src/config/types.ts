/** A server listed in `imageServer.static`. */
export interface StaticServerConfig {
  name: string;
  url: string;
  adminKey?: string;
  maxUploadBytes: number;
  owner?: string;
}

/** How the backend reaches and authenticates to one cluster. */
export type ClusterAuth =
  | {
      authProvider: 'serviceAccount';
      url: string;
      serviceAccountToken: string;
      caData?: string;
      skipTLSVerify: boolean;
    }
  | { authProvider: 'kubeconfig'; kubeconfigPath?: string; context?: string }
  | { authProvider: 'inCluster' };

/** One entry of `imageServer.kubernetes.clusters`. */
export type ClusterConfig = ClusterAuth & {
  name: string;
  /** Namespaces to list; undefined = all. */
  namespaces?: string[];
};

/** The whole `imageServer` section, validated. */
export interface ImageServerConfig {
  static: StaticServerConfig[];
  clusters: ClusterConfig[];
  requestTimeoutMs: number;
}
