import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { clusterNeedsMarkdown, withNeedsSection, type ManifestForNeeds } from "../../src/render/cluster-needs";

const REPO = path.resolve(__dirname, "..", "..");
const manifest = () => JSON.parse(fs.readFileSync(path.join(REPO, "generated/manifest.json"), "utf8")) as ManifestForNeeds;

describe("docs/deploy.md: what the cluster must have", () => {
  it("is the list generated/manifest.json implies (regenerate with `npm run docs:cluster-needs`)", () => {
    const doc = fs.readFileSync(path.join(REPO, "docs/deploy.md"), "utf8");
    expect(withNeedsSection(doc, clusterNeedsMarkdown(manifest()))).toBe(doc);
  });

  it("names every Secret the Helm values name and every object the tasks need that airflow-ts does not create", () => {
    const m = manifest();
    const section = clusterNeedsMarkdown(m);
    const values = parse(fs.readFileSync(path.join(REPO, "airflow-helm-values/values.yaml"), "utf8"));
    const prod = parse(fs.readFileSync(path.join(REPO, "airflow-helm-values/values-prod.yaml"), "utf8"));
    const named = [values.fernetKeySecretName, values.apiSecretKeySecretName, values.jwtSecretName, values.dags.gitSync.sshKeySecret, prod.data.metadataSecretName, prod.ingress.apiServer.hosts[0].tls.secretName];
    for (const name of named) expect(section).toContain(`\`${name}\``);
    for (const s of m.dependsOn.secrets) expect(section).toMatch(new RegExp(`\\| ${s.namespace} \\| \`${s.name}\``));
    for (const n of m.dependsOn.namespaces) expect(section).toContain(`kubectl create namespace ${n.name}`);
    expect(section).toContain("`ml/model-registry`");
    expect(section).not.toContain("`data/etl-raw`"); // created by airflow-ts (generated/k8s)
    expect(section).not.toContain("serviceaccount etl-runner"); // created by airflow-ts (deployment.serviceAccounts)
    // An account the deployment does not create is on the list, with its command.
    const without = { ...m, deployment: { ...m.deployment!, createdServiceAccounts: [] } };
    expect(clusterNeedsMarkdown(without)).toContain("kubectl -n data create serviceaccount etl-runner");
  });
});
