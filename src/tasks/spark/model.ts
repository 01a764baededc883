import type { ClaimSpec } from "../../dsl/kubernetes-refs";
import type { TaskModelBase } from "../task-kind";
import type { Affinity, Toleration } from "../../dsl/task-settings";

/** The Spark operator's API: the group and version every generated SparkApplication has. */
export const SPARK_API_VERSION = "sparkoperator.k8s.io/v1beta2";

/** An environment variable as the Kubernetes API spells it (the SparkApplication's `env` is a pod's). */
export type SparkEnvVar =
  | { readonly name: string; readonly value: string }
  | {
      readonly name: string;
      readonly valueFrom:
        | { readonly secretKeyRef: { readonly name: string; readonly key: string; readonly optional?: true } }
        | { readonly configMapKeyRef: { readonly name: string; readonly key: string; readonly optional?: true } };
    };

export type SparkEnvFrom =
  | { readonly secretRef: { readonly name: string; readonly optional?: true }; readonly prefix?: string }
  | { readonly configMapRef: { readonly name: string; readonly optional?: true }; readonly prefix?: string };

export interface SparkVolume {
  readonly name: string;
  readonly persistentVolumeClaim: { readonly claimName: string };
}

export interface SparkVolumeMount {
  readonly name: string;
  readonly mountPath: string;
  readonly subPath?: string;
  readonly readOnly?: true;
}

/** `spec.driver` / `spec.executor`: only what airflow-ts writes (empty lists and maps are left out). */
export interface SparkPodSpec {
  readonly instances?: number;
  readonly cores?: number;
  readonly coreRequest?: string;
  readonly coreLimit?: string;
  readonly memory?: string;
  readonly memoryOverhead?: string;
  readonly gpu?: { readonly name: string; readonly quantity: number };
  readonly serviceAccount?: string;
  readonly env?: readonly SparkEnvVar[];
  readonly envFrom?: readonly SparkEnvFrom[];
  readonly volumeMounts?: readonly SparkVolumeMount[];
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly tolerations?: readonly Toleration[];
  readonly affinity?: Affinity;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** The `SparkApplication` (sparkoperator.k8s.io/v1beta2) a Spark task submits, as plain JSON. */
export interface SparkApplication {
  readonly apiVersion: typeof SPARK_API_VERSION;
  readonly kind: "SparkApplication";
  /** The operator replaces the name with `name` plus a random suffix per try, and the namespace with its own. */
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly spec: {
    readonly type: "Scala" | "Java" | "Python" | "R";
    readonly sparkVersion: string;
    readonly image: string;
    readonly imagePullPolicy?: "Always" | "IfNotPresent" | "Never";
    readonly imagePullSecrets?: readonly string[];
    readonly mainApplicationFile: string;
    readonly mainClass?: string;
    readonly arguments?: readonly string[];
    readonly sparkConf?: Readonly<Record<string, string>>;
    readonly hadoopConf?: Readonly<Record<string, string>>;
    readonly deps?: Readonly<Record<string, readonly string[]>>;
    readonly restartPolicy: {
      readonly type: "Never" | "OnFailure";
      readonly onFailureRetries?: number;
      readonly onFailureRetryInterval?: number;
      readonly onSubmissionFailureRetries?: number;
      readonly onSubmissionFailureRetryInterval?: number;
    };
    readonly timeToLiveSeconds?: number;
    readonly dynamicAllocation?: {
      readonly enabled: true;
      readonly minExecutors: number;
      readonly maxExecutors: number;
      readonly initialExecutors?: number;
      readonly shuffleTrackingTimeout?: number;
    };
    readonly volumes?: readonly SparkVolume[];
    readonly driver: SparkPodSpec;
    readonly executor: SparkPodSpec;
  };
}

/** A Spark task in the model: the SparkApplication it submits and the Airflow settings of its operator. */
export interface SparkTaskModel extends TaskModelBase<"spark"> {
  /** A Spark task pushes no XCom result (the provider's sidecar is not on the driver). */
  readonly pushesResult: false;
  /** The image of the driver and executors (`spec.image`). */
  readonly image: string;
  /** The driver's service account (`spec.driver.serviceAccount`); the namespace's "default" without one. */
  readonly serviceAccount?: string;
  /** The operator's `namespace`: where the SparkApplication is created ("default" unless set, as the operator does). */
  readonly namespace: string;
  /** The operator's `name`: the SparkApplication's name before the operator's random suffix (DNS-1123). */
  readonly applicationName: string;
  readonly application: SparkApplication;
  /** Claims the driver and executors mount (for the deployment's checks and objects). */
  readonly claims: readonly { readonly name: string; readonly claimName: string; readonly create?: ClaimSpec }[];
  /** Delete the SparkApplication when the task ends (`delete_on_termination`). */
  readonly deleteOnTermination: boolean;
  /** How long the operator waits for the driver pod to start (`startup_timeout_seconds`). */
  readonly startupTimeoutSeconds?: number;
}
