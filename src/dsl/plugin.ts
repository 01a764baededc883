/**
 * The Airflow plugin `compile` writes to `<outDir>/plugins/`: an extra link from every task to its TypeScript,
 * an optional link to the pod's logs, and (Airflow 3) a Pipelines page with the drift of each DAG file.
 */
export interface PluginOptions {
  /**
   * Where the "TypeScript source" link of each task points: the repository's web UI at the line that defined
   * the task. Default: derived from `deployment.gitSync.repo` when it is on github.com, gitlab.com or
   * bitbucket.org; without either there is no link (the task documentation still names file and line).
   * @example { github: "https://github.com/acme/pipelines" }
   */
  readonly sourceLinks?: SourceLinks;
  /**
   * An extra "Pod logs" link to your log stack. `urlTemplate` may use `{dag_id}`, `{task_id}`, `{run_id}`,
   * `{map_index}`, `{try_number}`, `{namespace}` and `{labels.<key>}` (the pod's labels, as
   * KubernetesPodOperator sets them: `dag_id`, `task_id`, `run_id`, `try_number`, and the task's own labels).
   * Values are URL-encoded; other braces (a Loki selector, say) are left as written.
   * @example { urlTemplate: "https://grafana.acme.example/explore?left=%7B%22queries%22:%5B%7B%22expr%22:%22%7Bdag_id%3D%5C%22{labels.dag_id}%5C%22%7D%22%7D%5D%7D" }
   */
  readonly podLogs?: { readonly urlTemplate: string };
  /**
   * Draw every pipeline for the Pipelines page (Airflow 3): the picture `airflow-ts graph <dag_id>` draws, written
   * to `<outDir>/graphs/<dag_id>.svg` beside manifest.json, where the page shows it. Each compile then lays out
   * every pipeline (ELK, tens of milliseconds per pipeline of 20 tasks), hence off by default.
   * @default false
   */
  readonly graphs?: boolean;
}

/** Where the "TypeScript source" link opens: a hosted repository by its web address, or any URL template. */
export type SourceLinks = (
  | { /** @example "https://github.com/acme/pipelines" */ readonly github: string }
  | { /** @example "https://gitlab.com/acme/data/pipelines" */ readonly gitlab: string }
  | { /** Bitbucket Cloud. @example "https://bitbucket.org/acme/pipelines" */ readonly bitbucket: string }
  | {
      /**
       * Any web UI: `{revision}`, `{path}` (the file, relative to the repository root) and `{line}` are filled in.
       * @example "https://git.acme.example/projects/DATA/repos/pipelines/browse/{path}?at={revision}#{line}"
       */
      readonly urlTemplate: string;
    }
) & {
  /**
   * Folder of this project inside the repository, prefixed to the file paths.
   * @default deployment.gitSync.projectPath, or "" (the repository root)
   */
  readonly projectPath?: string;
  /**
   * The revision used when the plugin cannot read the commit of the checkout it was loaded from (it reads
   * git-sync's worktree, or the `.git` folder of a plain clone).
   * @default deployment.gitSync.ref, or "main"
   */
  readonly fallbackRevision?: string;
};
