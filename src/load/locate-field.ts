import type { Node, SourceFile } from "ts-morph";
import { tsMorph } from "./ts-morph-lazy";
import type { FieldPath, SourceLocation } from "../diagnostics/source-location";

export type { FieldPath };

/**
 * A file parsed on its own for locateField (syntax only: no program, no type check), or undefined when it cannot be
 * read. Positions are those of the file as written, as the type check and V8 report them.
 */
export function parseFile(file: string): SourceFile | undefined {
  const { ts, createWrappedNode } = tsMorph();
  const text = ts.sys.readFile(file);
  if (text === undefined) return undefined;
  return createWrappedNode(ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)) as SourceFile;
}


/**
 * Finds where a field was written: the call at `call` (as V8 reported it, already mapped to the TypeScript),
 * its argument `argumentIndex`, then down `path` through object and array literals. Stops at the deepest node
 * it can follow (a variable, a spread, a helper's parameter) and returns that node's position: the field's value,
 * or with `at: "key"` the property written for the last step (where an unknown option's name is).
 */
export function locateField(
  sourceFile: SourceFile,
  call: SourceLocation,
  argumentIndex: number,
  path: FieldPath,
  at: "value" | "key" = "value",
): SourceLocation {
  const position = sourceFile.compilerNode.getPositionOfLineAndCharacter(call.line - 1, call.column - 1);
  const callNode = innermostCallAt(sourceFile, position);
  const argument: Node | undefined = callNode?.getArguments()[argumentIndex];
  if (!argument) return call;
  let node: Node = argument;
  for (const [i, step] of path.entries()) {
    const next: Node | undefined = at === "key" && i === path.length - 1 ? propertyAt(node, step) : childAt(node, step);
    if (!next) break;
    node = next;
  }
  const { line, column } = sourceFile.getLineAndColumnAtPos(node.getStart());
  return { file: call.file, line, column };
}

function innermostCallAt(sourceFile: SourceFile, position: number) {
  let found: import("ts-morph").CallExpression | undefined;
  const visit = (node: Node) => {
    if (position < node.getPos() || position > node.getEnd()) return;
    if (tsMorph().Node.isCallExpression(node)) {
      const callee = node.getExpression();
      if (position >= callee.getStart() && position <= callee.getEnd()) found = node;
    }
    node.forEachChild(visit);
  };
  visit(sourceFile);
  return found;
}

function childAt(node: Node, step: string | number): Node | undefined {
  const inner = unwrapExpression(node);
  if (typeof step === "number" && tsMorph().Node.isArrayLiteralExpression(inner)) {
    const elements = inner.getElements();
    // After a spread, indexes no longer line up with what was written.
    if (elements.slice(0, step).some((e) => tsMorph().Node.isSpreadElement(e))) return undefined;
    return elements[step];
  }
  // A schema written as a call on an object literal (`z.object({ region: ... })`, a params field) is followed into it.
  if (typeof step === "string" && tsMorph().Node.isCallExpression(inner)) {
    const literal = inner.getArguments().find((a) => tsMorph().Node.isObjectLiteralExpression(a));
    return literal ? childAt(literal, step) : undefined;
  }
  if (typeof step === "string" && tsMorph().Node.isObjectLiteralExpression(inner)) {
    for (const property of inner.getProperties()) {
      if (tsMorph().Node.isPropertyAssignment(property) && propertyName(property) === step) return property.getInitializer() ?? property;
      if (tsMorph().Node.isShorthandPropertyAssignment(property) && property.getName() === step) return property;
    }
  }
  return undefined;
}

/** The property assignment named `step` in an object literal (its name, not its value). */
function propertyAt(node: Node, step: string | number): Node | undefined {
  const inner = unwrapExpression(node);
  if (typeof step !== "string" || !tsMorph().Node.isObjectLiteralExpression(inner)) return undefined;
  return inner.getProperties().find((p) => (tsMorph().Node.isPropertyAssignment(p) && propertyName(p) === step) || (tsMorph().Node.isShorthandPropertyAssignment(p) && p.getName() === step));
}

/** The expression that holds the value: past `as`, `satisfies`, parentheses, and a mapped task's `(item) => ({...})`. */
function unwrapExpression(node: Node): Node {
  if (tsMorph().Node.isAsExpression(node) || tsMorph().Node.isSatisfiesExpression(node) || tsMorph().Node.isParenthesizedExpression(node)) return unwrapExpression(node.getExpression());
  if (tsMorph().Node.isArrowFunction(node)) {
    const body = node.getBody();
    return tsMorph().Node.isBlock(body) ? body : unwrapExpression(body);
  }
  return node;
}

function propertyName(property: import("ts-morph").PropertyAssignment): string {
  const name = property.getNameNode();
  return tsMorph().Node.isStringLiteral(name) || tsMorph().Node.isNoSubstitutionTemplateLiteral(name) ? name.getLiteralText() : name.getText();
}
