/**
 * What `analyzeTemplate` returns: the syntax error Jinja would raise, the names the template reads from the task's
 * render context, and its `ti.xcom_pull(...)` calls. Plain data shared by the scope tracking that fills it in
 * (scope.ts) and the entry points that hand it out (index.ts).
 */

export interface TemplateError {
  readonly message: string;
  /** Index into the template string where Jinja stops (or, for an unclosed tag or bracket, where it opens). */
  readonly offset: number;
}
export interface ContextRead {
  readonly name: string;
  readonly offset: number;
  /**
   * Set when the read happens only where the context has (`defined: true`) or lacks (`false`) the name `name`: in
   * `x if name is defined else y`, the reads of `x` (and of `name` in the test) need `name`, those of `y` do not
   * run where it exists. How one template reads a context key that differs per Airflow line.
   */
  readonly only?: { readonly name: string; readonly defined: boolean };
}
export interface XcomPull {
  /** The task ids given as literal strings (`task_ids=` or first argument), or "dynamic" when missing or computed. */
  readonly taskIds: readonly string[] | "dynamic";
  /** Where the call starts: the `ti` or `task_instance` of `ti.xcom_pull(...)`. */
  readonly offset: number;
}
export interface TemplateAnalysis {
  /** The syntax error Jinja would raise (at most one: Jinja stops at the first); empty when Jinja parses it. */
  readonly errors: readonly TemplateError[];
  /**
   * Every place the template reads a name from the render context (not set by the template itself, not a
   * `for` target, not `loop` inside its loop, not a macro argument), sorted by offset. Template globals such as
   * `range` or `namespace` are reads too: filter them out with TEMPLATE_GLOBALS. Filter and test names are not reads.
   */
  readonly reads: readonly ContextRead[];
  /** Calls of `ti.xcom_pull(...)` / `task_instance.xcom_pull(...)` on the context's task instance, sorted by offset. */
  readonly xcomPulls: readonly XcomPull[];
  /**
   * The params the template reads from the context's `params` (`params.x`, `params['x']`), sorted by offset;
   * not those given a fallback (`params.x | default('y')`), which are meant to be optional.
   */
  readonly paramReads: readonly ContextRead[];
}
