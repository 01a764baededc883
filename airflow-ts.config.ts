import { defineConfig } from "airflow-ts";

export default defineConfig({
  pipelines: ["examples/**/*.pipeline.ts"],
  outDir: "generated",
  deployment: {
    airflowVersion: "3.1.7",
    namespace: "airflow",
    executor: "KubernetesExecutor",
    gitSync: { repo: "git@github.com:acme/pipelines.git", ref: "main", sshKeySecret: "airflow-git-ssh" },
    secrets: { fernetKey: "airflow-fernet-key", webSecretKey: "airflow-api-secret-key", jwtSecret: "airflow-jwt-secret" },
    // Least privilege: a Role in each namespace the pipelines use (data, analytics, ml), not a ClusterRole.
    podLaunching: "perNamespaceRoles",
    existing: { claims: ["model-registry"], imagePullSecrets: ["ghcr-pull"] },
    environments: {
      dev: {
        database: "embedded",
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
