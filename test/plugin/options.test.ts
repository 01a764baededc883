import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { hostedTemplate, linkSettings } from "../../src/model/plugin-links";
import { compileIn, lineOf, pipelineModule, tempProject } from "../helpers/temp-project";

const PIPELINE = { "pipelines/demo.pipeline.ts": pipelineModule(`  p.pod("extract", { image: "ghcr.io/acme/extract:1.0.0" });`) };

function projectWith(configBody: string): string {
  return tempProject({
    ...PIPELINE,
    "airflow-ts.config.ts": `import { defineConfig } from "airflow-ts";\nexport default defineConfig({\n  pipelines: ["pipelines/**/*.pipeline.ts"],\n${configBody}\n});\n`,
  });
}

function manifestLinks(root: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(root, "generated/manifest.json"), "utf8")).links;
}

describe("the plugin's link settings", () => {
  it("derive the source link from a git-sync repository on GitHub, GitLab or Bitbucket, in SSH or HTTPS form", () => {
    expect(hostedTemplate("git@github.com:acme/pipelines.git")).toBe("https://github.com/acme/pipelines/blob/{revision}/{path}#L{line}");
    expect(hostedTemplate("https://github.com/acme/pipelines")).toBe("https://github.com/acme/pipelines/blob/{revision}/{path}#L{line}");
    expect(hostedTemplate("ssh://git@gitlab.com/acme/data/pipelines.git")).toBe("https://gitlab.com/acme/data/pipelines/-/blob/{revision}/{path}#L{line}");
    expect(hostedTemplate("https://user@bitbucket.org/acme/pipelines.git")).toBe("https://bitbucket.org/acme/pipelines/src/{revision}/{path}#lines-{line}");
    expect(hostedTemplate("git@git.acme.internal:data/pipelines.git")).toBeUndefined();
  });

  it("prefix the project's folder in the repository and fall back to the synced ref", () => {
    const deployment = { gitSync: { repo: "git@github.com:acme/mono.git", ref: "release", projectPath: "/data/pipelines/" } } as never;
    expect(linkSettings(undefined, deployment)).toEqual({ source: { urlTemplate: "https://github.com/acme/mono/blob/{revision}/{path}#L{line}", pathPrefix: "data/pipelines/", fallbackRevision: "release" } });
    expect(linkSettings({ sourceLinks: { gitlab: "https://gitlab.acme.example/data/pipelines/", projectPath: "", fallbackRevision: "trunk" } }, deployment)).toEqual({
      source: { urlTemplate: "https://gitlab.acme.example/data/pipelines/-/blob/{revision}/{path}#L{line}", pathPrefix: "", fallbackRevision: "trunk" },
    });
    expect(linkSettings(undefined, undefined)).toEqual({});
  });

  it("reach the manifest from the config, with any web UI's template and a pod-logs template", () => {
    const root = projectWith(`  plugin: {
    sourceLinks: { urlTemplate: "https://git.acme.example/projects/DATA/repos/p/browse/{path}?at={revision}#{line}", projectPath: "etl" },
    podLogs: { urlTemplate: "https://kibana.acme.example/app/discover#/?_a=(query:(query:'kubernetes.labels.dag_id:{labels.dag_id}'))&ns={namespace}" },
  },`);
    const result = compileIn(root);
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(manifestLinks(root)).toEqual({
      source: { urlTemplate: "https://git.acme.example/projects/DATA/repos/p/browse/{path}?at={revision}#{line}", pathPrefix: "etl/", fallbackRevision: "main" },
      podLogs: { urlTemplate: "https://kibana.acme.example/app/discover#/?_a=(query:(query:'kubernetes.labels.dag_id:{labels.dag_id}'))&ns={namespace}" },
    });
  });

  it("reject wrong templates and addresses at their line in the config, all together, writing nothing", () => {
    const root = projectWith(`  plugin: {
    sourceLinks: { urlTemplate: "https://git.acme.example/{path}?at={revison}" },
    podLogs: { urlTemplate: "grafana.acme.example/explore?dag={dagid}&q={namespace=\\"x\\"}" },
  },`);
    const result = compileIn(root);
    const config = fs.readFileSync(path.join(root, "airflow-ts.config.ts"), "utf8");
    const problems = result.diagnostics.map((d) => ({ code: d.code, line: d.location?.line, path: d.path, message: d.message, hint: d.hint }));
    expect(problems).toEqual([
      { code: "invalid-url-template", line: lineOf(config, "sourceLinks"), path: "config.plugin.sourceLinks.urlTemplate", message: "unknown placeholder {revison}", hint: expect.stringContaining("did you mean {revision}?") },
      { code: "invalid-url-template", line: lineOf(config, "sourceLinks"), path: "config.plugin.sourceLinks.urlTemplate", message: "the template has no {line}", hint: expect.any(String) },
      { code: "invalid-url-template", line: lineOf(config, "podLogs"), path: "config.plugin.podLogs.urlTemplate", message: "unknown placeholder {dagid}", hint: expect.stringContaining("did you mean {dag_id}?") },
      { code: "invalid-url-template", line: lineOf(config, "podLogs"), path: "config.plugin.podLogs.urlTemplate", message: expect.stringContaining("is not an http(s) URL"), hint: expect.any(String) },
    ]);
    expect(fs.existsSync(path.join(root, "generated"))).toBe(false);
  });

  it("reject a string the plugin's Python file cannot carry, at its line", () => {
    const root = projectWith(`  plugin: {\n    sourceLinks: { github: "https://github.com/acme/pipelines", fallbackRevision: "ma\\u0000in" },\n  },`);
    const result = compileIn(root);
    const config = fs.readFileSync(path.join(root, "airflow-ts.config.ts"), "utf8");
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.path, d.location?.line])).toEqual([["unrepresentable-string", "error", "config.plugin.sourceLinks.fallbackRevision", lineOf(config, "fallbackRevision")]]);
    expect(fs.existsSync(path.join(root, "generated"))).toBe(false);
  });

  it("reject two hosts at once, a repository address that is not a web page, and unknown options", () => {
    const twoHosts = compileIn(projectWith(`  plugin: { sourceLinks: { github: "https://github.com/a/b", gitlab: "https://gitlab.com/a/b" } },`));
    expect(twoHosts.diagnostics.map((d) => [d.code, d.path])).toEqual([["invalid-source-links", "config.plugin.sourceLinks"]]);
    const notWeb = compileIn(projectWith(`  plugin: { sourceLinks: { github: "git@github.com:acme/pipelines.git" } },`));
    expect(notWeb.diagnostics.map((d) => [d.code, d.path])).toEqual([["invalid-repository-url", "config.plugin.sourceLinks.github"]]);
    const typo = compileIn(projectWith(`  plugin: { podLog: { urlTemplate: "https://x.example/{dag_id}" } } as never,`));
    expect(typo.diagnostics.map((d) => [d.code, d.path, d.hint])).toEqual([["unknown-option", "config.plugin.podLog", expect.stringContaining("podLogs")]]);
  });
});
