import { alertNeeds } from "../model/alert-needs";
import type { ClusterObjects } from "../model/cluster-objects";
import type { DeploymentModel } from "../model/deployment";
import type { Pipeline } from "../model/pipeline";
import { helmValues, overlay, renderValuesYaml, valuesObject, type ValuesSection } from "./helm-values";
import { k8sManifests, renderManifest } from "./k8s-manifests";
import type { OutputFile } from "./output-file";

/** A values file and the values Helm sees with it (base plus overlay), for the chart-schema check. */
export interface ValuesFile {
  readonly file: OutputFile;
  readonly merged: Readonly<Record<string, unknown>>;
}

/**
 * What a deployment adds to the project's files: the Kubernetes objects in generated/k8s/, and the Helm values (`valuesDir`, relative to the output folder): values.yaml and values-<environment>.yaml.
 */
export function renderDeployment(
  pipelines: readonly Pipeline[],
  objects: ClusterObjects,
  deployments: readonly DeploymentModel[],
  configSource: string,
  valuesDir: string,
): { files: OutputFile[]; values: ValuesFile[] } {
  const sourceOf = (dagId: string) => pipelines.find((p) => p.dagId === dagId)?.sourceFile ?? configSource;
  const files: OutputFile[] = [];
  for (const m of k8sManifests(objects, deployments[0])) {
    // A claim comes from the pipeline that creates it; roles and ServiceAccounts from the deployment in the config.
    const user = m.object.kind === "PersistentVolumeClaim" ? objects.claims.find((c) => c.name === (m.object.metadata as { name: string }).name)?.usedBy[0] : undefined;
    files.push({ path: `k8s/${m.file}`, source: user ? sourceOf(user.pipeline) : configSource, body: renderManifest(m) });
  }
  const values: ValuesFile[] = [];
  const [base, ...environments] = deployments;
  const { providers } = alertNeeds(pipelines);
  if (base) {
    const baseSections = helmValues(base, providers);
    const baseValues = valuesObject(baseSections);
    values.push({ file: { path: `${valuesDir}/values.yaml`, source: configSource, body: renderValuesYaml(baseSections) }, merged: baseValues });
    for (const env of environments) {
      const full = helmValues(env, providers);
      // Section by section (they line up): a key the base section sets and the environment's does not is taken back.
      const sections: ValuesSection[] = full.map((s, i) => ({ comment: s.comment, values: overlay(baseSections[i]!.values, s.values) }));
      const merged = valuesObject(full);
      const body = `# Environment "${env.environment}": only what differs from values.yaml.\n# helm upgrade --install ... -f values.yaml -f values-${env.environment}.yaml\n\n${renderValuesYaml(sections)}`;
      values.push({ file: { path: `${valuesDir}/values-${env.environment}.yaml`, source: configSource, body }, merged });
    }
  }
  return { files, values };
}
