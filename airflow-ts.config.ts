import { defineConfig } from "airflow-ts";

export default defineConfig({
  pipelines: ["examples/**/*.pipeline.ts"],
  outDir: "generated",
  // The "TypeScript source" link comes from gitSync.repo (github.com). "Pod logs" opens Grafana's Loki explorer
  // at the task's pod, by the labels KubernetesPodOperator puts on it.
  plugin: {
    graphs: true,
    podLogs: {
      urlTemplate:
        "https://grafana.acme.example/explore?orgId=1&left=%7B%22datasource%22:%22loki%22,%22queries%22:%5B%7B%22expr%22:%22%7Bnamespace%3D%5C%22{namespace}%5C%22,dag_id%3D%5C%22{labels.dag_id}%5C%22,task_id%3D%5C%22{labels.task_id}%5C%22,run_id%3D%5C%22{labels.run_id}%5C%22%7D%22%7D%5D%7D",
    },
  },
  deployment: {
    airflowVersion: "3.1.7",
    namespace: "airflow",
    executor: "KubernetesExecutor",
    gitSync: {
      repo: "git@github.com:acme/pipelines.git",
      ref: "main",
      sshKeySecret: "airflow-git-ssh",
      // github.com's published host key: git-sync refuses any other server.
      knownHosts: "github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl",
    },
    secrets: { fernetKey: "airflow-fernet-key", webSecretKey: "airflow-api-secret-key", jwtSecret: "airflow-jwt-secret" },
    // Least privilege: a Role in each namespace the pipelines use (data, analytics, ml), not a ClusterRole.
    podLaunching: "perNamespaceRoles",
    // The tasks' own identities, created in generated/k8s/ (etl-runner in data, trainer in ml).
    serviceAccounts: ["etl-runner", "trainer"],
    // What the cluster already has: every Secret and ConfigMap the tasks read, with its keys.
    existing: {
      claims: ["model-registry"],
      // The Spark operator's chart creates it in its job namespaces, with the rights drivers need.
      serviceAccounts: ["spark-operator-spark"],
      imagePullSecrets: ["ghcr-pull"],
      secrets: { "warehouse-db": ["password"], "shop-db": ["username", "password"] },
      configMaps: { "etl-config": ["source_url", "warehouse_host"] },
    },
    environments: {
      dev: {
        database: "embedded",
        defaultAdminUser: true,
        ui: { service: { type: "ClusterIP" } },
        logs: { persistence: { size: "5Gi" } },
      },
      prod: {
        database: { secret: "airflow-metadata-db" },
        ui: { ingress: { host: "airflow.acme.example", tlsSecret: "airflow-tls", className: "nginx" } },
        logs: { remote: { baseLogFolder: "s3://acme-airflow-logs", connectionId: "aws_logs" } },
        resources: {
          scheduler: { requests: { cpu: "1", memory: "2Gi" }, limits: { memory: "4Gi" } },
          apiServer: { requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "2Gi" } },
          workers: { requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "2Gi" } },
        },
      },
    },
  },
});
