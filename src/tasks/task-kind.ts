import type { z } from "zod";
import type { Issue } from "../diagnostics/issue";
import type { FieldPath } from "../diagnostics/source-location";
import type { ClaimSpec } from "../dsl/kubernetes-refs";
import type { PipelineOptions, TaskInputOf, TaskRecorder } from "../dsl/pipeline";
import type { ProjectCheckContext } from "./project-view";
import type { TriggerRule } from "../dsl/task-settings";
import type { PyExpr } from "../python/python-literals";
import type { AssetModel } from "./shared/assets";
import type { MappingModel } from "./shared/mapping";
import type { ValidTaskNotify } from "./shared/notify-schema";
import type { ValidTaskSettings, ValidVolumeClaim } from "./shared/validated";

/**
 * The contract every task kind implements (src/tasks/<kind>/index.ts), and the only way the stages reach a kind:
 * they call it through the registry (src/tasks/index.ts). One member per stage a kind takes part in, in stage
 * order. `Options` is what users write, `Valid` what the kind's schema returns for it, `Model` the kind's part of
 * the model, `Builder` the methods it adds to the pipeline builder.
 */
export interface TaskKind<Name extends string, Options extends object, Valid extends object, Model extends TaskModelBase<Name>, Builder extends object> {
  readonly name: Name;

  /** DSL: the builder methods of this kind (`p.pod`, `p.map`), which record tasks through `recorder`. */
  builder(recorder: TaskRecorder): Builder;

  /** Validate: the options' shape and formats. Its issues are reported at the task; its output goes to `build`. */
  readonly schema: z.ZodType<Valid>;
  /**
   * Validate: what the schema cannot see (requests above limits, undeclared volumes, ...), on options the schema
   * accepted. Fields are relative to the task's options.
   */
  check(task: TaskInputOf<Name, Options>, context: CheckContext): Issue[];
  /**
   * Validate, across the project: what the task's options say about other pipelines (that the pipeline a wait
   * names exists, its schedule lines up, a trigger's params fit its schema). Called on every compile by the
   * project pass for each task whose options the schema accepted, fresh or from the per-pipeline cache, so
   * `check` (and the cache) depend on the task's own pipeline alone. The options are as written, made plain data
   * (a pipeline handle is its `dagId`). Fields are relative to the task's options.
   */
  checkAcrossProject?(task: TaskInputOf<Name, Options>, context: ProjectCheckContext): Issue[];
  /** Validate and model: the strings Airflow renders with Jinja, with their paths (checked, and scanned for XCom pulls). */
  templatedStrings(options: Options): [FieldPath, string][];

  /** Model: the task's resolved, readonly part of the model; `base` is what every kind's task has. */
  build(task: TaskInputOf<Name, Valid>, context: BuildContext): Model;
  /** Model: the objects outside the DAG file the task needs (Secrets, ConfigMaps, claims, accounts). */
  clusterUses(task: Model): ClusterUses;

  /** Render: what the kind's template partial sees for one task. */
  view(task: Model, names: TaskNames, share: ShareObject): TaskView;
  /** Render: whether the task's view writes `k8s.V1...` objects (the DAG file then imports the kubernetes models). */
  usesKubernetesModels(task: Model): boolean;
  /**
   * Render: the operator's import in the DAG file, written once by every file with a task of this kind; a function
   * of the file's tasks of the kind when it depends on them (a kind with two operators imports only those used).
   */
  readonly pythonImport: string | ((tasks: readonly Model[]) => string);
  /** Render: module-level names the kind's Python uses, which task variables must not shadow. */
  readonly reservedNames: readonly string[];
  /**
   * Render: fixed module-level Python (functions the operators call), written once by every file with a task of
   * this kind; a function of the file's tasks of the kind when only some of them need it (none: nothing written).
   */
  readonly pythonDefinitions?: string | ((tasks: readonly Model[]) => string | undefined);
  /**
   * Validate and model: for a kind whose task chooses which of its direct downstream tasks run (a branch), the
   * task ids of each path it can take; the tasks after two paths are joins (src/tasks/shared/branch-joins.ts).
   */
  paths?(options: Options): readonly (readonly string[])[];
}

/** A kind's contract with its types erased: how the stages hold one kind without knowing which. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTaskKind = TaskKind<string, any, any, any, object>;

/**
 * What a kind's checks may read of the pipeline: its options as written (volumes, defaults). Nothing of other
 * pipelines: what needs them is `checkAcrossProject`.
 */
export interface CheckContext {
  readonly pipeline: PipelineOptions;
}

/** What a kind's `build` gets besides its task: the pipeline's validated settings and the task's common part. */
export interface BuildContext {
  /** The pipeline's `defaults` ({} without), validated (durations in seconds). */
  readonly defaults: ValidTaskSettings;
  /** The pipeline's declared volumes, which mounts name by string. */
  readonly volumes: readonly ValidVolumeClaim[];
  /** The pipeline's owner, the fallback of the defaults' and the task's. */
  readonly owner?: string;
  /** The fields every kind's task model has, already resolved: ids, group, source, upstream, mapping. */
  readonly base: TaskModelCommon;
}

/** The model fields that the stages read of any task, whatever its kind, built by the model stage itself. */
export interface TaskModelCommon {
  /** The Airflow task id, with its groups' ids as prefix: "regions.emea". */
  readonly taskId: string;
  /** The id within its group, as the operator is given it. */
  readonly localId: string;
  /** The full id of the innermost group holding the task. */
  readonly group?: string;
  /** The module whose builder call made the task (a helper module, for tasks made by a helper). */
  readonly sourceFile: string;
  readonly sourceLine: number;
  readonly upstream: readonly string[];
}

/** What every kind's task model has: the common part, and the Airflow task settings the stages read. */
export interface TaskModelBase<Name extends string = string> extends TaskModelCommon {
  readonly kind: Name;
  /** Whether the task pushes a result to XCom (`do_xcom_push`). */
  readonly pushesResult: boolean;
  /** Set for a mapped task (`p.map`). */
  readonly mapping?: MappingModel;
  /** The main container image (manifest.json's `uses.images`); none for a kind that runs no container of its own. */
  readonly image?: string;
  readonly namespace?: string;
  readonly serviceAccount?: string;
  readonly owner?: string;
  readonly doc?: string;
  readonly retries?: number;
  readonly retryDelaySeconds?: number;
  readonly retryExponentialBackoff?: boolean;
  readonly maxRetryDelaySeconds?: number;
  readonly executionTimeoutSeconds?: number;
  readonly pool?: string;
  readonly poolSlots?: number;
  readonly priorityWeight?: number;
  readonly triggerRule?: TriggerRule;
  /** The assets the task updates (Airflow's `outlets`), each once; none when it declares none. */
  readonly produces?: readonly AssetModel[];
  /** The assets the task reads (Airflow's `inlets`: an asset wait's); none when it reads none. */
  readonly consumes?: readonly AssetModel[];
  /** The task's callbacks (its own `notify`, else the defaults'): notifiers per event. */
  readonly notify?: ValidTaskNotify;
}

/** The Kubernetes objects one task needs besides its namespace and pool (which every task has). */
export interface ClusterUses {
  /** Secrets by name: `key` for one key read (`secret(..).key(k)`), none for every key (`.all()`). */
  readonly secrets: readonly { readonly name: string; readonly key?: string }[];
  readonly configMaps: readonly { readonly name: string; readonly key?: string }[];
  readonly claims: readonly { readonly claimName: string; readonly create?: ClaimSpec }[];
  /**
   * The service account its pods run as ("default" when none is set); none for a kind that launches nothing in the
   * cluster (a branch runs in Airflow's worker): such a task uses no namespace either.
   */
  readonly serviceAccount?: string;
  readonly imagePullSecrets: readonly string[];
  /**
   * What Airflow's task launchers must be allowed to do in the task's namespace beyond the chart's pod-launcher
   * role (pods, their logs and exec, events): the custom objects the kind's operator creates and reads.
   */
  readonly apiAccess: readonly ApiAccess[];
}

/** Verbs on one resource of an API group, as an RBAC rule grants them. */
export interface ApiAccess {
  readonly group: string;
  /** The resource, with its subresource after a "/" (`sparkapplications/status`). */
  readonly resource: string;
  readonly verbs: readonly string[];
}

/** The Python names a task's arguments refer to: its own, its group's, its mapping source's and its item function's. */
export interface TaskNames {
  readonly variable: string;
  readonly groupVariable?: string;
  readonly sourceVariable?: string;
  readonly itemFunction?: string;
  /** The task's `outlets` list, naming the file's module-level asset constants; none when it produces none. */
  readonly outlets?: PyExpr;
  /** The task's `inlets` list, naming the file's module-level asset constants; none when it reads none. */
  readonly inlets?: PyExpr;
  /** The task's callback keywords (`on_failure_callback=[NOTIFY_...]`), naming the module's notifiers. */
  readonly callbacks?: Readonly<Record<string, PyExpr>>;
}

/**
 * Declares a Kubernetes object once at module level and returns its name, or the object itself when it must stay
 * per task (render/shared-k8s-objects.ts). `hint` names the constant for a reader.
 */
export type ShareObject = (expr: PyExpr, hint: string) => PyExpr;

/** A keyword argument as a template prints it: `name=value,`. */
export interface ArgView {
  readonly name: string;
  readonly value: string;
}

/** What dag.py.hbs needs of every task's view: the partial (dag-templates/<partial>.py.hbs) that prints it. */
export interface TaskView {
  readonly partial: string;
}
