import { z } from "zod";
import type { Diagnostic } from "../diagnostics/diagnostic";
import { HOSTED_LINE_URLS } from "../knowledge/hosted-repos";
import { checkCarryableStrings } from "./checks/strings";
import { addIssue, closest, fromZodIssues, parseReported, type Issue } from "../diagnostics/issue";
import { knownKeysAt } from "../tasks/shared/schema-parts";
import { atConfig, type ConfigSite } from "../diagnostics/config-site";

/** What the plugin fills into each template (dag-templates/plugins/airflow_ts_plugin.py: PLACEHOLDER). */
const SOURCE_PLACEHOLDERS = ["revision", "path", "line"];
const POD_LOGS_PLACEHOLDERS = ["dag_id", "task_id", "run_id", "map_index", "try_number", "namespace", "labels.<key>"];

/** `{name}` or `{name.key}`: what reads as a placeholder. `{namespace="data"}` (a Loki selector) does not. */
const PLACEHOLDER_LIKE = /\{([A-Za-z_][A-Za-z0-9_]*)(\.[^{}]*)?\}/g;

function urlTemplate(placeholders: readonly string[], required: readonly string[]) {
  return z.string().superRefine((template, ctx) => {
    for (const [, name, key] of template.matchAll(PLACEHOLDER_LIKE)) {
      const known = key === undefined ? placeholders.includes(name!) : name === "labels" && placeholders.includes("labels.<key>") && key.length > 1;
      if (!known) {
        const suggestion = closest(`${name}${key ?? ""}`, placeholders);
        addIssue(ctx, `unknown placeholder {${name}${key ?? ""}}`, { code: "invalid-url-template", hint: `${suggestion ? `did you mean {${suggestion}}? ` : ""}the placeholders are ${placeholders.map((p) => `{${p}}`).join(", ")}` });
      }
    }
    for (const name of required.filter((r) => !template.includes(`{${r}}`))) {
      addIssue(ctx, `the template has no {${name}}`, { code: "invalid-url-template", hint: `without it every link opens the same page: put {${name}} where the URL names the ${name}` });
    }
    if (!isWebUrl(template.replace(PLACEHOLDER_LIKE, "x"))) {
      addIssue(ctx, `"${template}" is not an http(s) URL`, { code: "invalid-url-template", hint: 'write the whole address, e.g. "https://grafana.acme.example/explore?..."' });
    }
  });
}

const webAddress = z.string().superRefine((address, ctx) => {
  if (!isWebUrl(address) || /[{}?#]/.test(address)) {
    addIssue(ctx, `"${address}" is not the web address of a repository`, { code: "invalid-repository-url", hint: 'the address you open in a browser, e.g. "https://github.com/acme/pipelines"' });
  }
});

const LINK_KINDS = [...Object.keys(HOSTED_LINE_URLS), "urlTemplate"];

// One object with every kind optional, and a rule that exactly one is given: a union would report a typo in one
// kind as a failure of all four.
const sourceLinks = z
  .strictObject({
    github: webAddress.optional(),
    gitlab: webAddress.optional(),
    bitbucket: webAddress.optional(),
    urlTemplate: urlTemplate(SOURCE_PLACEHOLDERS, ["path", "line"]).optional(),
    projectPath: z.string().optional(),
    fallbackRevision: z.string().min(1).optional(),
  })
  .superRefine((links, ctx) => {
    if (LINK_KINDS.filter((k) => (links as Record<string, unknown>)[k] !== undefined).length !== 1) {
      addIssue(ctx, "sourceLinks takes exactly one of github, gitlab, bitbucket or urlTemplate", { code: "invalid-source-links", hint: '{ github: "https://github.com/acme/pipelines" }' });
    }
  });

export const pluginSchema = z.strictObject({
  sourceLinks: sourceLinks.optional(),
  podLogs: z.strictObject({ urlTemplate: urlTemplate(POD_LOGS_PLACEHOLDERS, []) }).optional(),
  graphs: z.boolean().optional(),
});

/** The plugin options' shape and URL templates, located in the config file. */
export function validatePluginOptions(raw: unknown, site: ConfigSite): Diagnostic[] {
  const parsed = parseReported(pluginSchema, raw);
  // Every string of the plugin options is written into the plugin's Python file.
  const issues: Issue[] = [...checkCarryableStrings(raw), ...(parsed.success ? [] : fromZodIssues(parsed.error.issues, (p) => knownKeysAt(pluginSchema, p)))];
  return issues.map((i) => atConfig(i, site, "plugin"));
}

function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "";
  } catch {
    return false;
  }
}
