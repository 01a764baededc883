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
  return (view) => compiled(view);
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
