import { CodeSnippet, EmptyState } from '@backstage/core-components';

/** The app-config snippet that connects a cluster; kept beside the message that shows it. */
export const connectClusterSnippet = `imageServer:
  kubernetes:
    clusters:
      # a cluster running the operator, from ~/.kube/config
      - name: my-cluster
        authProvider: kubeconfig
        context: my-context
      # or a service account token:
      # - name: prod
      #   authProvider: serviceAccount
      #   url: https://<kubernetes-api-server>
      #   serviceAccountToken: \${IMAGESERVER_CLUSTER_TOKEN}
      #   caData: \${IMAGESERVER_CLUSTER_CA}`;

/** Says that no cluster is connected and how to connect one. */
export function ConnectClusterEmptyState(props: { title?: string }) {
  return (
    <EmptyState
      missing="info"
      title={props.title ?? 'No Kubernetes cluster is connected'}
      description={
        <>
          New image servers are created as <code>ImageServer</code> resources in a cluster that runs the
          ImageServer operator. Add the cluster to the portal backend&apos;s <code>app-config.yaml</code> and
          restart it; servers listed under <code>imageServer.static</code> (like the local one) work without a
          cluster.
        </>
      }
      action={<CodeSnippet language="yaml" text={connectClusterSnippet} />}
    />
  );
}
