import type { Mount, VolumeClaim } from "../../dsl/kubernetes-refs";
import type { ResourceList, Resources } from "../../dsl/task-settings";
import type { FieldPath } from "../../diagnostics/source-location";
import type { Issue } from "../../diagnostics/issue";
import { parseQuantity } from "../../knowledge/kubernetes";

/** Requests within limits, extended resources given as limits, for one `resources` block. */
export function checkResources(resources: Resources | undefined, at: FieldPath): Issue[] {
  const issues: Issue[] = [];
  const requests: ResourceList = resources?.requests ?? {};
  const limits: ResourceList = resources?.limits ?? {};
  for (const [name, request] of Object.entries(requests)) {
    const limit = limits[name as keyof ResourceList];
    const extended = name.includes("/");
    if (extended && limit === undefined) {
      issues.push({ code: "extended-resource-without-limit", field: [...at, "requests", name], message: `"${name}" is requested but has no limit`, hint: `extended resources are set as limits: limits: { "${name}": ${request} }` });
    }
    if (request === undefined || limit === undefined) continue;
    const r = parseQuantity(String(request));
    const l = parseQuantity(String(limit));
    if (r === undefined || l === undefined) continue;
    if (r > l) {
      issues.push({ code: "request-above-limit", field: [...at, "requests", name], message: `${name} request ${request} is above its limit ${limit}`, hint: `raise the limit or lower the request; Kubernetes rejects a pod whose request exceeds its limit` });
    } else if (extended && r !== l) {
      issues.push({ code: "request-above-limit", field: [...at, "requests", name], message: `${name} request ${request} differs from its limit ${limit}`, hint: "extended resources cannot be overcommitted: request must equal limit (or set only the limit)" });
    }
  }
  return issues;
}

/** Mounts name declared volumes, no two share a path, and one volume name means one claim. */
export function checkMounts(volumes: readonly VolumeClaim[] | undefined, mounts: readonly Mount[] | undefined): Issue[] {
  const issues: Issue[] = [];
  const declared = new Map((volumes ?? []).map((v) => [v.name, v]));
  const byPath = new Map<string, number>();
  const claimOfVolume = new Map<string, VolumeClaim>();
  (mounts ?? []).forEach((mount, index) => {
    const claim = typeof mount.volume === "string" ? declared.get(mount.volume) : mount.volume;
    if (!claim) {
      const names = [...declared.keys()];
      issues.push({
        code: "undeclared-volume",
        field: ["mounts", index, "volume"],
        message: `mount of volume "${String(mount.volume)}", which the pipeline does not declare`,
        hint: names.length ? `declared volumes: ${names.join(", ")}` : `declare it: volumes: [volume.claim("${String(mount.volume)}")] in the pipeline options, or mount volume.claim(...).at(path)`,
      });
    } else {
      const previous = claimOfVolume.get(claim.name);
      if (previous && previous.claimName !== claim.claimName) {
        issues.push({ code: "volume-name-conflict", field: ["mounts", index, "volume"], message: `volume name "${claim.name}" is used for claims "${previous.claimName}" and "${claim.claimName}"`, hint: "give one of the claims another name: volume.claim(claimName, { name })" });
      }
      claimOfVolume.set(claim.name, claim);
    }
    const path = mount.path.replace(/\/+$/, "") || "/";
    const first = byPath.get(path);
    if (first !== undefined) {
      issues.push({ code: "duplicate-mount-path", field: ["mounts", index, "path"], message: `two mounts at "${path}" (mounts[${first}] and mounts[${index}])`, hint: "mount each volume at its own path, or use subPath" });
    } else byPath.set(path, index);
  });
  return issues;
}

/** A task's resources over its defaults': the values Kubernetes will see, checked as a whole. */
export function mergeResources(defaults: Resources | undefined, own: Resources | undefined): Resources {
  return {
    requests: { ...defaults?.requests, ...own?.requests },
    limits: { ...defaults?.limits, ...own?.limits },
  };
}

/** A tagless or `:latest` image changes under the pipeline without a diff: a warning, not an error. */
export function checkImagePinned(image: string): Issue[] {
  if (image.includes("@sha256:") || image.includes("{{")) return [];
  const lastPart = image.slice(image.lastIndexOf("/") + 1);
  const tag = lastPart.includes(":") ? lastPart.slice(lastPart.indexOf(":") + 1) : undefined;
  if (tag !== undefined && tag !== "latest") return [];
  return [{ code: "unpinned-image", severity: "warning", field: ["image"], message: `image "${image}" is not pinned to a version`, hint: 'pin a tag or digest, e.g. "ghcr.io/acme/extract:1.4.2", so reruns and backfills use the same code' }];
}
