"""Real Jinja2 as Airflow configures it, for test/airflow/jinja.test.ts.

Reads a JSON list of template strings on stdin and prints one JSON line: the context keys and template globals
of this Airflow, and for each template whether Airflow's template environment parses it, the undeclared
variables Jinja finds (jinja2.meta.find_undeclared_variables; null when Jinja cannot compile the parsed
template, e.g. for an unknown filter) and the names the template assigns itself.
"""

import json
import sys

import pendulum
from jinja2 import meta, nodes

try:  # Airflow 3
    from airflow.sdk import DAG
    from airflow.sdk.definitions.context import KNOWN_CONTEXT_KEYS
except ImportError:  # Airflow 2
    from airflow import DAG
    from airflow.utils.context import KNOWN_CONTEXT_KEYS

# The environment every operator's templates are rendered with: DAG.get_template_env() needs no metadata DB.
env = DAG("jinja_oracle", schedule=None, start_date=pendulum.datetime(2026, 1, 1, tz="UTC")).get_template_env()


def assigned_names(ast):
    """Names the template binds: set/for/with targets, macro names and arguments, imports."""
    names = {n.name for n in ast.find_all(nodes.Name) if n.ctx in ("store", "param")}
    names |= {m.name for m in ast.find_all(nodes.Macro)}
    names |= {i.target for i in ast.find_all(nodes.Import)}
    for imp in ast.find_all(nodes.FromImport):
        names |= {n[1] if isinstance(n, tuple) else n for n in imp.names}
    return sorted(names)


def examine(text):
    try:
        ast = env.parse(text)
    except Exception as e:  # TemplateSyntaxError, and TemplateAssertionError for `from x import _name`
        return {"ok": False, "error": f"{type(e).__name__}: {e}"}
    try:
        undeclared = sorted(meta.find_undeclared_variables(ast))
        compile_error = None
    except Exception as e:
        undeclared, compile_error = None, f"{type(e).__name__}: {e}"
    return {"ok": True, "undeclared": undeclared, "compile_error": compile_error, "assigned": assigned_names(ast)}


templates = json.loads(sys.stdin.read())
print(json.dumps({
    "context": sorted(KNOWN_CONTEXT_KEYS),
    "globals": sorted(env.globals),
    "results": [examine(t) for t in templates],
}))
