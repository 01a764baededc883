import { formatPy, pyIdentifier, type PyExpr } from "../python/python-literals";

/**
 * Kubernetes model objects written once at the top of a DAG file and shared by its tasks, as a hand-written DAG
 * shares its volumes, mounts and env lists. Each `k8s.V1...(...)` call builds its own kubernetes `Configuration()`,
 * whose logger set-up clears every logger cache in the process: one per object, not one per object per task, is
 * what keeps a large generated DAG as fast to parse as a hand-written one.
 *
 * Sharing is safe only for objects nothing changes: KubernetesPodOperator extends its own `env_vars` list (so each
 * task gets its own list, of shared elements), and renders Jinja in place inside V1EnvVar, V1Volume, V1VolumeMount
 * and V1ResourceRequirements. An object is shared only if none of its strings can render to anything but itself.
 */
export interface SharedConstant {
  readonly name: string;
  readonly value: string;
}

/** Strings that Airflow's template rendering could change: Jinja syntax, or a template file extension of the KPO. */
const RENDERABLE = /\{|\.(yaml|yaml\.j2|json)"$/;

export class SharedK8sObjects {
  private readonly byText = new Map<string, string>();
  private readonly constants: SharedConstant[] = [];

  /** `taken`: the module's other names (task variables, imports), which constants must not shadow. */
  constructor(private readonly taken: Set<string>) {}

  /**
   * The constant's name for this object (declared on first use), or the object itself when it must stay per task.
   * `hint` names it for a reader (`ENV_DB_PASSWORD`); identical objects get one constant whatever their hint.
   */
  share(expr: PyExpr, hint: string): PyExpr {
    const text = formatPy(expr);
    if (strings(expr).some((s) => RENDERABLE.test(s))) return expr;
    const known = this.byText.get(text);
    if (known) return known;
    const name = pyIdentifier(`_${hint}`.toUpperCase(), this.taken);
    this.taken.add(name);
    this.byText.set(text, name);
    this.constants.push({ name, value: formatPy(expr, "", name.length + 3) });
    return name;
  }

  /** In order of first use: deterministic for the same pipeline. */
  list(): readonly SharedConstant[] {
    return this.constants;
  }
}

/** Every string literal in an expression (the only place a user's text can be). */
function strings(expr: PyExpr): string[] {
  if (typeof expr === "string") return expr.startsWith('"') ? [expr] : [];
  if ("call" in expr) return [...(expr.args ?? []), ...expr.kwargs.map(([, v]) => v)].flatMap(strings);
  if ("list" in expr) return expr.list.flatMap(strings);
  return expr.dict.flatMap(([k, v]) => [`"${k}"`, ...strings(v)]);
}
