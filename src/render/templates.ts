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
 * what UTF-8 cannot carry). Measured at 1,000 x 20: the main thread's heap at a cold compile's peak went from 425 to
 * 275 MB committed, and peak RSS from 1,026-1,032 to 897-898 MB (two runs each). Why is not established: Handlebars
 * returns a rope (a tree of its pieces) that lives until the manifest hashes the file, but a split/join copy, also
 * flat, did not lower the peak (1,026 MB); the copy's buffers may also make V8 collect sooner (external memory).
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
