import type { ClaimSpec, EnvSource } from "../../dsl/kubernetes-refs";
import type { ValidMount, ValidVolumeClaim } from "../shared/validated";
import type { EnvValue, ResourceList } from "../../dsl/task-settings";
import { sortedRecord } from "../shared/records";

/** The model of a container's env, envFrom, volumes, mounts and resources: what every container kind shares. */
export type EnvVarModel =
  | { readonly name: string; readonly kind: "value"; readonly value: string }
  | { readonly name: string; readonly kind: "secretKey" | "configMapKey"; readonly source: string; readonly key: string; readonly optional: boolean };

export interface EnvFromModel {
  readonly kind: "secret" | "configMap";
  readonly name: string;
  readonly prefix: string;
  readonly optional: boolean;
}

export interface VolumeModel {
  readonly name: string;
  readonly claimName: string;
  /** Set when airflow-ts creates the claim (generated/k8s/). */
  readonly create?: ClaimSpec;
}

export interface MountModel {
  readonly volumeName: string;
  readonly path: string;
  readonly subPath?: string;
  readonly readOnly: boolean;
}

/** Kubernetes resource names ("cpu", "memory", "ephemeral-storage", "nvidia.com/gpu") to quantity strings. */
export type ResourceListModel = Readonly<Record<string, string>>;

export function envModel(env: Readonly<Record<string, EnvValue>> | undefined): EnvVarModel[] {
  return Object.entries(env ?? {}).map(([name, value]): EnvVarModel =>
    typeof value === "string"
      ? { name, kind: "value", value }
      : value.kind === "secretKey"
        ? { name, kind: "secretKey", source: value.secret, key: value.key, optional: value.optional }
        : { name, kind: "configMapKey", source: value.configMap, key: value.key, optional: value.optional },
  );
}

export function envFromModel(envFrom: readonly EnvSource[] | undefined): EnvFromModel[] {
  return (envFrom ?? []).map((s) => ({ kind: s.kind, name: s.name, prefix: s.prefix, optional: s.optional }));
}

/** The mounts, and the volumes they need (one per volume name), with claims named by string resolved. */
export function mountsModel(mounts: readonly ValidMount[] | undefined, declared: readonly ValidVolumeClaim[]): { volumes: VolumeModel[]; mounts: MountModel[] } {
  const resolved = (mounts ?? []).map((m) => ({ mount: m, claim: typeof m.volume === "string" ? declared.find((v) => v.name === m.volume)! : m.volume }));
  return {
    volumes: [...new Map(resolved.map(({ claim }) => [claim.name, { name: claim.name, claimName: claim.claimName, ...(claim.create && { create: claim.create }) }])).values()],
    mounts: resolved.map(({ mount, claim }) => ({
      volumeName: claim.name,
      path: mount.path,
      ...(mount.subPath !== undefined && { subPath: mount.subPath }),
      readOnly: mount.readOnly ?? false,
    })),
  };
}

const K8S_RESOURCE_NAME: Record<string, string> = { ephemeralStorage: "ephemeral-storage" };

/** A task's requests or limits over the defaults', with the API's resource names. */
export function resourceList(defaults: ResourceList | undefined, own: ResourceList | undefined): ResourceListModel {
  const merged: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...defaults, ...own })) {
    if (value !== undefined) merged[K8S_RESOURCE_NAME[name] ?? name] = String(value);
  }
  return sortedRecord(merged);
}
