import type { DeploymentOptions } from "../dsl/deployment";
import type { PluginOptions } from "../dsl/plugin";
import { HOSTED_LINE_URLS, type Host } from "../knowledge/hosted-repos";

export { HOSTED_LINE_URLS, type Host };

/** The plugin's link settings as the manifest carries them: URL templates the plugin fills in at run time. */
export interface LinkSettings {
  readonly source?: {
    readonly urlTemplate: string;
    /** Prefixed to each source file (relative to the project root) to make it relative to the repository root. */
    readonly pathPrefix: string;
    readonly fallbackRevision: string;
  };
  readonly podLogs?: { readonly urlTemplate: string };
}


const HOSTS: Readonly<Record<string, Host>> = { "github.com": "github", "gitlab.com": "gitlab", "bitbucket.org": "bitbucket" };

/** The explicit options win; otherwise a git-sync repository on a known host gives the source link. */
export function linkSettings(plugin: PluginOptions | undefined, deployment: DeploymentOptions | undefined): LinkSettings {
  const gitSync = deployment?.gitSync;
  const links = plugin?.sourceLinks;
  const urlTemplate = links ? sourceTemplate(links) : gitSync && hostedTemplate(gitSync.repo);
  const projectPath = (links?.projectPath ?? gitSync?.projectPath ?? "").replace(/^\/+|\/+$/g, "");
  return {
    ...(urlTemplate !== undefined && {
      source: { urlTemplate, pathPrefix: projectPath === "" ? "" : `${projectPath}/`, fallbackRevision: links?.fallbackRevision ?? gitSync?.ref ?? "main" },
    }),
    ...(plugin?.podLogs && { podLogs: { urlTemplate: plugin.podLogs.urlTemplate } }),
  };
}

function sourceTemplate(links: NonNullable<PluginOptions["sourceLinks"]>): string {
  if ("urlTemplate" in links) return links.urlTemplate;
  const host = (Object.keys(HOSTED_LINE_URLS) as Host[]).find((h) => h in links)!;
  return `${(links as Record<Host, string>)[host].replace(/\/+$/, "")}${HOSTED_LINE_URLS[host]}`;
}

/** `git@github.com:acme/pipelines.git`, `https://github.com/acme/pipelines.git`, `ssh://git@gitlab.com/a/b` ... */
export function hostedTemplate(repo: string): string | undefined {
  const m = /^(?:(?:https?|ssh):\/\/)?(?:[^@/]+@)?([^/:]+)[:/](.+?)(?:\.git)?\/?$/.exec(repo);
  const host = m && HOSTS[m[1]!.toLowerCase()];
  return host ? `https://${m[1]!.toLowerCase()}/${m[2]}${HOSTED_LINE_URLS[host]}` : undefined;
}
