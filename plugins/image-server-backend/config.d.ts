export interface Config {
  /** The image-server portal plugin. */
  imageServer?: {
    /**
     * Image servers reached directly by URL, without a cluster (such as the local one). They are
     * listed with cluster `static` and namespace `default`.
     */
    static?: Array<{
      /** Name of the server, unique among static servers (a DNS label). */
      name: string;
      /** Base URL of the server, e.g. http://localhost:7070. */
      url: string;
      /**
       * Admin API key the portal uses towards the server.
       * @visibility secret
       */
      adminKey?: string;
      /** The server's MAX_UPLOAD_BYTES; uploads above it are refused by the portal. Default 50000000. */
      maxUploadBytes?: number;
      /** Owning entity ref, e.g. group:default/platform. */
      owner?: string;
    }>;
    /** Kubernetes clusters where ImageServer resources are listed and created. */
    kubernetes?: {
      /** Milliseconds before a call to a cluster counts as unreachable. Default 5000. */
      requestTimeoutMs?: number;
      clusters?: Array<{
        /** Name shown in the portal and used in server refs. */
        name: string;
        /**
         * How the backend authenticates: `serviceAccount` (url + serviceAccountToken),
         * `kubeconfig` (kubeconfigPath, optional context) or `inCluster` (the pod's service account).
         */
        authProvider: 'serviceAccount' | 'kubeconfig' | 'inCluster';
        /** API server URL (serviceAccount). */
        url?: string;
        /**
         * Service-account token (serviceAccount).
         * @visibility secret
         */
        serviceAccountToken?: string;
        /** Base64 PEM CA bundle of the API server (serviceAccount). */
        caData?: string;
        /** Skip TLS verification (only for local test clusters). */
        skipTLSVerify?: boolean;
        /** Path of a kubeconfig file (kubeconfig). Default: $KUBECONFIG or ~/.kube/config. */
        kubeconfigPath?: string;
        /** Context in the kubeconfig file (kubeconfig). Default: its current context. */
        context?: string;
        /** Namespaces to list; default all namespaces. */
        namespaces?: string[];
      }>;
    };
  };
}
