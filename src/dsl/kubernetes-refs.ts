import { captureCallSite, type SourceLocation } from "./call-site";

/** A mount of a volume into a task's container. Made by {@link VolumeClaim.at}. */
export interface Mount {
  /** The volume: a {@link VolumeClaim}, or the name of one listed in the pipeline's `volumes`. */
  readonly volume: VolumeClaim | string;
  /** Absolute path in the container. @example "/data" */
  readonly path: string;
  /** Mount only this sub-directory of the volume. @default the whole volume @example "raw/2026" */
  readonly subPath?: string;
  /** Mount read-only. @default false */
  readonly readOnly?: boolean;
}

export interface MountOptions {
  /** Mount only this sub-directory of the volume. @default the whole volume @example "models" */
  readonly subPath?: string;
  /** Mount read-only. @default false */
  readonly readOnly?: boolean;
}

/** An existing PersistentVolumeClaim. Made by {@link volume.claim}. */
export interface VolumeClaim {
  readonly kind: "persistentVolumeClaim";
  /** The claim's name in the task's namespace. */
  readonly claimName: string;
  /** The volume's name inside the pod (a DNS-1123 label). */
  readonly name: string;
  /** Set when airflow-ts creates the claim. */
  readonly create?: ClaimSpec;
  readonly location?: SourceLocation;
  /**
   * Mount this claim at a path.
   * @example raw.at("/data")
   * @example models.at("/models", { subPath: "resnet", readOnly: true })
   */
  at(path: string, options?: MountOptions): Mount;
}

export interface ClaimOptions {
  /** The volume's name inside the pod. @default the claim name @example "raw" */
  readonly name?: string;
  /**
   * Have airflow-ts create the claim (generated/k8s/) instead of mounting an existing one.
   * @example { size: "50Gi", accessModes: ["ReadWriteMany"], storageClass: "standard-rwx" }
   */
  readonly create?: ClaimSpec;
}

/** A PersistentVolumeClaim airflow-ts creates, in the namespace of the tasks that mount it. */
export interface ClaimSpec {
  readonly size: string;
  /** @default ["ReadWriteOnce"] */
  readonly accessModes?: readonly ("ReadWriteOnce" | "ReadOnlyMany" | "ReadWriteMany" | "ReadWriteOncePod")[];
  /** @default the cluster's default StorageClass */
  readonly storageClass?: string;
}

/** Volumes that tasks mount. */
export const volume = {
  /**
   * An existing PersistentVolumeClaim, mounted with `.at(path)`.
   * @example const raw = volume.claim("etl-raw"); // then mounts: [raw.at("/data")]
   */
  claim(claimName: string, options: ClaimOptions = {}): VolumeClaim {
    const location = captureCallSite();
    const claim: VolumeClaim = {
      kind: "persistentVolumeClaim",
      claimName,
      name: options.name ?? claimName,
      ...(options.create && { create: options.create }),
      ...(location && { location }),
      at: (path, mountOptions = {}) => ({ volume: claim, path, ...mountOptions }),
    };
    return claim;
  },
};

/** One key of a Secret, as an environment variable's value. Made by {@link SecretRef.key}. */
export interface SecretKeyRef {
  readonly kind: "secretKey";
  readonly secret: string;
  readonly key: string;
  readonly optional: boolean;
}

/** One key of a ConfigMap, as an environment variable's value. Made by {@link ConfigMapRef.key}. */
export interface ConfigMapKeyRef {
  readonly kind: "configMapKey";
  readonly configMap: string;
  readonly key: string;
  readonly optional: boolean;
}

/** Every key of a Secret or ConfigMap as environment variables. Made by `.all()`. */
export interface EnvSource {
  readonly kind: "secret" | "configMap";
  readonly name: string;
  /** Prepended to every key. @default "" */
  readonly prefix: string;
  readonly optional: boolean;
}

export interface KeyOptions {
  /** Start the pod even when the Secret/ConfigMap or the key does not exist. @default false */
  readonly optional?: boolean;
}

export interface AllOptions extends KeyOptions {
  /** Prepended to every variable name. @default "" @example "WAREHOUSE_" */
  readonly prefix?: string;
}

/** An existing Kubernetes Secret. Its values never appear in generated files: only its name and keys. */
export interface SecretRef {
  readonly name: string;
  /** @example env: { DB_PASSWORD: db.key("password") } */
  key(key: string, options?: KeyOptions): SecretKeyRef;
  /** @example envFrom: [db.all({ prefix: "DB_" })] */
  all(options?: AllOptions): EnvSource;
}

/** An existing Kubernetes ConfigMap. */
export interface ConfigMapRef {
  readonly name: string;
  /** @example env: { SOURCE_URL: cfg.key("source_url") } */
  key(key: string, options?: KeyOptions): ConfigMapKeyRef;
  /** @example envFrom: [cfg.all()] */
  all(options?: AllOptions): EnvSource;
}

/**
 * An existing Secret in the task's namespace.
 * @example const db = secret("warehouse-db");
 */
export function secret(name: string): SecretRef {
  return {
    name,
    key: (key, options = {}) => ({ kind: "secretKey", secret: name, key, optional: options.optional ?? false }),
    all: (options = {}) => ({ kind: "secret", name, prefix: options.prefix ?? "", optional: options.optional ?? false }),
  };
}

/**
 * An existing ConfigMap in the task's namespace.
 * @example const cfg = configMap("etl-config");
 */
export function configMap(name: string): ConfigMapRef {
  return {
    name,
    key: (key, options = {}) => ({ kind: "configMapKey", configMap: name, key, optional: options.optional ?? false }),
    all: (options = {}) => ({ kind: "configMap", name, prefix: options.prefix ?? "", optional: options.optional ?? false }),
  };
}
