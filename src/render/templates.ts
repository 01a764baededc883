import * as fs from "node:fs";
import * as path from "node:path";
import Handlebars from "handlebars";

/** The Handlebars templates of the generated Python, shipped in `dag-templates/`. */
export const TEMPLATE_DIR = path.resolve(__dirname, "..", "..", "dag-templates");

export type Template<View> = (view: View) => string;

let environment: typeof Handlebars | undefined;

/**
 * A compiled template. `strict`: a field the view lacks is an error, not an empty string.
 * `noEscape`: HTML escaping would corrupt Python; values arrive already quoted by `pyStr`.
 * Every `*.hbs` in the folder is also registered as a partial under its name (`pod-task`).
 */
export function loadTemplate<View>(name: string): Template<View> {
  const hbs = templateEnvironment();
  const compiled = hbs.compile(readTemplate(name), { strict: true, noEscape: true });
  return (view) => flat(compiled(view));
}

/**
 * The same text, copied through its UTF-8 bytes (what the file holds: it is written as UTF-8, and validation refuses
 * what UTF-8 cannot carry). Handlebars returns its output as a rope, a tree of its pieces, and the DAG files kept as
 * ropes held the main thread's heap about 150 MB higher at a cold compile's peak (1,000 x 20: 425 -> 275 MB
 * committed, peak RSS 1,026-1,032 -> 897-898 MB, two runs each). Measured, not derived: a split/join copy, which also
 * gives a flat string, did not lower it (1,026 MB); why the two differ is not known.
 */
function flat(text: string): string {
  return Buffer.from(text, "utf8").toString("utf8");
}

function templateEnvironment(): typeof Handlebars {
  if (!environment) {
    environment = Handlebars.create();
    for (const file of fs.readdirSync(TEMPLATE_DIR).filter((f) => f.endsWith(".hbs")).sort()) {
      const name = file.replace(/\.py\.hbs$|\.hbs$/, "");
      environment.registerPartial(name, environment.compile(readTemplate(name), { strict: true, noEscape: true }));
    }
  }
  return environment;
}

function readTemplate(name: string): string {
  return fs.readFileSync(path.join(TEMPLATE_DIR, `${name}.py.hbs`), "utf8");
}
