/**
 * Where each name's value comes from as the template runs: walks the frames Jinja's code generator opens, in the
 * order the generated code runs them, tracking which references still hold the context's value and which the
 * template has assigned on every path. Its results are the context reads, the `ti.xcom_pull(...)` calls on the
 * context's task instance with their literal task ids, and Jinja's own undeclared names.
 */

import type { ContextRead, XcomPull } from "./analysis";
import { children, walkNodes, type AnyNode, type ExprNode, type IfNode, type StmtNode, type TemplateNode } from "./ast";
import { analyzeFrame, findUndeclared, Symbols } from "./symbols";

// ---------------------------------------------------------------------------------------------------------------
// The frames Jinja's code generator opens (compiler.py), walked in the order the generated code runs. Each
// frame's symbols say where a name comes from; `state` says, per reference, whether it may still hold the value
// resolved from the context at this point (false once the template has assigned it on every path).

type State = Map<string, boolean>;

interface Scan {
  readonly reads: ContextRead[];
  readonly xcomPulls: XcomPull[];
  readonly paramReads: ContextRead[];
  readonly undeclared: Set<string>;
}

export function scanTemplate(template: TemplateNode): Scan {
  const scanner = new Scanner();
  scanner.template(template);
  const byOffset = (a: { offset: number }, b: { offset: number }) => a.offset - b.offset;
  return { reads: scanner.reads.sort(byOffset), xcomPulls: scanner.xcomPulls.sort(byOffset), paramReads: scanner.paramReads.sort(byOffset), undeclared: scanner.undeclared };
}

class Scanner {
  readonly reads: ContextRead[] = [];
  /** The context name the expression being walked is guarded on (see ContextRead.only). */
  private only: ContextRead["only"];
  readonly xcomPulls: XcomPull[] = [];
  readonly paramReads: ContextRead[] = [];
  readonly undeclared = new Set<string>();
  private extendsSoFar = 0;
  private hasKnownExtends = false;

  template(template: TemplateNode): void {
    const root = new Symbols();
    if (findUndeclared(template.body, ["self"]).has("self")) root.declareParameter("self");
    analyzeFrame(root, template);
    this.statements(template.body, root, this.enter(root, new Map()), "root");
    // Blocks render as functions of their own, with a fresh frame that is no child of the template's.
    for (const node of walkNodes(template)) {
      if (node.kind !== "Block") continue;
      const symbols = new Symbols();
      for (const name of findUndeclared(node.body, ["self", "super"])) symbols.declareParameter(name);
      analyzeFrame(symbols, node);
      this.statements(node.body, symbols, this.enter(symbols, new Map()), "inner");
    }
  }

  /** enter_frame: the frame's references start as parameters, undefined, aliases of the outer frame, or resolved. */
  private enter(symbols: Symbols, outer: State): State {
    const state = new Map(outer);
    for (const [ident, load] of symbols.loads) {
      if (load[0] === "resolve") this.undeclared.add(load[1]);
      state.set(ident, load[0] === "resolve" || (load[0] === "alias" && outer.get(load[1]) === true));
    }
    return state;
  }

  /** `level`: where {% extends %} may stand ("root", or "top" inside an if at the root) — Jinja stops compiling a
   * statement list at a second extends after a known one, so names after it are never resolved. */
  private statements(nodes: StmtNode[], symbols: Symbols, state: State, level: "root" | "top" | "inner"): void {
    for (const node of nodes) {
      if (node.kind === "Extends" && level !== "inner") {
        if (this.extendsSoFar > 0 && this.hasKnownExtends) return;
        if (level === "root") this.hasKnownExtends = true;
        this.extendsSoFar++;
      }
      this.statement(node, symbols, state, level);
    }
  }

  private statement(node: StmtNode, symbols: Symbols, state: State, level: "root" | "top" | "inner"): void {
    switch (node.kind) {
      case "Output": return node.nodes.forEach((n) => n.kind !== "TemplateData" && this.expr(n, symbols, state));
      case "Extends": case "Include": case "ExprStmt": return this.expr(node.node, symbols, state);
      case "Import":
        this.expr(node.node, symbols, state);
        return this.assigned(node.target, symbols, state);
      case "FromImport":
        this.expr(node.node, symbols, state);
        return node.names.forEach((name) => this.assigned(name, symbols, state));
      case "Assign":
        this.expr(node.node, symbols, state);
        return this.assignTarget(node.target, symbols, state);
      case "If": return this.ifStatement(node, symbols, state, level === "inner" ? "inner" : "top");
      case "For": return this.forLoop(node, symbols, state);
      case "Macro":
        this.macro(node, symbols, state);
        return this.assigned(node.name, symbols, state);
      case "CallBlock":
        this.macro(node, symbols, state);
        return this.expr(node.call, symbols, state);
      case "With": return this.withStatement(node, symbols, state);
      case "FilterBlock": return this.innerFrame(node, symbols, state, [], node.body, [node.filter]);
      case "AssignBlock":
        this.innerFrame(node, symbols, state, [], node.body, node.filter ? [node.filter] : []);
        return this.assignTarget(node.target, symbols, state);
      case "Autoescape": return this.innerFrame(node, symbols, state, [node.value], node.body, []);
      case "Block": return; // rendered by its own function (see template())
    }
  }

  /** A frame that runs `before`, its statements, then `after` (a filter block's filter runs on its output). */
  private innerFrame(node: AnyNode, outer: Symbols, outerState: State, before: ExprNode[], body: StmtNode[], after: ExprNode[]): void {
    const symbols = new Symbols(outer);
    analyzeFrame(symbols, node);
    const state = this.enter(symbols, outerState);
    before.forEach((e) => this.expr(e, symbols, state));
    this.statements(body, symbols, state, "inner");
    after.forEach((e) => this.expr(e, symbols, state));
  }

  /** An if shares its frame; afterwards a reference may hold the context's value if it does on any path. */
  private ifStatement(node: IfNode, symbols: Symbols, state: State, level: "top" | "inner"): void {
    this.expr(node.test, symbols, state);
    const paths: State[] = [];
    const branch = (body: StmtNode[]) => {
      const path = new Map(state);
      this.statements(body, symbols, path, level);
      paths.push(path);
    };
    branch(node.body);
    for (const elif of node.elif_) {
      this.expr(elif.test, symbols, state);
      branch(elif.body);
    }
    branch(node.else_);
    for (const ident of state.keys()) state.set(ident, paths.some((p) => p.get(ident) === true));
  }

  private forLoop(node: Extract<StmtNode, { kind: "For" }>, symbols: Symbols, state: State): void {
    this.expr(node.iter, symbols, state);
    const loopFrame = new Symbols(symbols);
    // The special `loop` variable exists when the body reads it (or the loop is recursive or has scoped blocks).
    const scopedBlock = [...walkNodes(node)].some((n) => n.kind === "Block" && n.scoped);
    if (node.recursive || scopedBlock || findUndeclared(node.body, ["loop"]).has("loop")) loopFrame.declareParameter("loop");
    analyzeFrame(loopFrame, node, "body");
    const elseFrame = new Symbols(symbols);
    if (node.else_.length) analyzeFrame(elseFrame, node, "else");
    if (node.test) {
      const testFrame = new Symbols(symbols);
      analyzeFrame(testFrame, node, "test");
      this.expr(node.test, testFrame, this.enter(testFrame, state));
    }
    this.statements(node.body, loopFrame, this.enter(loopFrame, state), "inner");
    if (node.else_.length) this.statements(node.else_, elseFrame, this.enter(elseFrame, state), "inner");
  }

  /** macro_body: the frame of a macro or call block; `caller`, `kwargs` and `varargs` are parameters when read. */
  private macro(node: Extract<StmtNode, { kind: "Macro" | "CallBlock" }>, outer: Symbols, outerState: State): void {
    const symbols = new Symbols(outer);
    analyzeFrame(symbols, node);
    const argNames = node.args.map((a) => (a.kind === "Name" ? a.name : ""));
    for (const special of findUndeclared(node.body, ["caller", "kwargs", "varargs"])) {
      if (!argNames.includes(special)) symbols.declareParameter(special);
    }
    analyzeFrame(symbols, node);
    const state = this.enter(symbols, outerState);
    node.defaults.forEach((d) => this.expr(d, symbols, state));
    this.statements(node.body, symbols, state, "inner");
  }

  private withStatement(node: Extract<StmtNode, { kind: "With" }>, outer: Symbols, outerState: State): void {
    const symbols = new Symbols(outer);
    analyzeFrame(symbols, node);
    const state = this.enter(symbols, outerState);
    node.values.forEach((v) => this.expr(v, outer, outerState)); // the values are computed in the outer frame
    this.statements(node.body, symbols, state, "inner");
  }

  private assignTarget(target: ExprNode, symbols: Symbols, state: State): void {
    for (const node of walkNodes(target)) {
      if (node.kind === "Name") this.assigned(node.name, symbols, state);
      else if (node.kind === "NSRef") this.load(node.name, node.offset, symbols, state); // `ns.x = ...` reads ns
    }
  }

  private assigned(name: string, symbols: Symbols, state: State): void {
    const ident = symbols.findRef(name);
    if (ident !== undefined) state.set(ident, false);
  }

  /** A name loaded here: a context read when its reference may still hold the context's value. */
  private load(name: string, offset: number, symbols: Symbols, state: State): boolean {
    const ident = symbols.findRef(name);
    // No reference at all happens only for names in a {% set x | filter(name) %} filter, where Jinja's own
    // compiler fails; the name would come from the context.
    const fromContext = ident === undefined || state.get(ident) === true;
    if (fromContext) this.reads.push({ name, offset, ...(this.only && { only: this.only }) });
    return fromContext;
  }

  private guarded(only: NonNullable<ContextRead["only"]>, node: ExprNode, symbols: Symbols, state: State): void {
    this.only = only;
    try {
      this.expr(node, symbols, state);
    } finally {
      this.only = undefined;
    }
  }

  private expr(node: ExprNode, symbols: Symbols, state: State): void {
    const guard = node.kind === "CondExpr" ? definedTest(node.test) : undefined;
    if (node.kind === "CondExpr" && guard && this.only === undefined && this.load(guard.name, guard.offset, symbols, state)) {
      // `x if name is defined else y` on a context name: x runs only where the context has it, y where it lacks it.
      this.reads.pop();
      this.reads.push({ name: guard.name, offset: guard.offset, only: { name: guard.name, defined: true } });
      this.guarded({ name: guard.name, defined: guard.defined }, node.expr1, symbols, state);
      if (node.expr2) this.guarded({ name: guard.name, defined: !guard.defined }, node.expr2, symbols, state);
      return;
    }
    if (node.kind === "Name") {
      if (node.ctx === "load") this.load(node.name, node.offset, symbols, state);
      return;
    }
    const param = paramRead(node);
    if (param) {
      // `params.x` on the context's params (a template's own `params` variable does not count)
      if (this.load("params", param.params.offset, symbols, state)) this.paramReads.push({ name: param.name, offset: param.params.offset });
      return;
    }
    if (node.kind === "Filter" && (node.name === "default" || node.name === "d") && node.node && paramRead(node.node)) {
      // `params.x | default(...)`: an optional param, read with a fallback.
      this.load("params", paramRead(node.node)!.params.offset, symbols, state);
      children(node).slice(1).forEach((arg) => this.expr(arg as ExprNode, symbols, state));
      return;
    }
    const ti = node.kind === "Call" ? xcomPullReceiver(node) : undefined;
    if (node.kind === "Call" && ti) {
      // `ti.xcom_pull(...)` on the context's task instance (a template's own `ti` variable does not count)
      if (this.load(ti.name, ti.offset, symbols, state)) this.xcomPulls.push({ taskIds: taskIdsOf(node), offset: ti.offset });
      children(node).slice(1).forEach((arg) => this.expr(arg as ExprNode, symbols, state));
      return;
    }
    children(node).forEach((child) => this.expr(child as ExprNode, symbols, state));
  }
}

/** `name is defined` / `name is undefined` on a plain name: the name, and which way the test goes. */
function definedTest(test: ExprNode): { name: string; offset: number; defined: boolean } | undefined {
  if (test.kind !== "Test" || (test.name !== "defined" && test.name !== "undefined") || test.node?.kind !== "Name") return undefined;
  return { name: test.node.name, offset: test.node.offset, defined: test.name === "defined" };
}

/** `params.<name>` or `params['<name>']`: the param's name and the `params` name node. */
function paramRead(node: ExprNode): { name: string; params: { offset: number } } | undefined {
  if (node.kind !== "Getattr" && node.kind !== "Getitem") return undefined;
  if (node.node.kind !== "Name" || node.node.name !== "params" || node.node.ctx !== "load") return undefined;
  if (node.kind === "Getattr") return { name: node.attr, params: node.node };
  return node.arg.kind === "Const" && node.arg.isString ? { name: node.arg.value as string, params: node.node } : undefined;
}

/** The `ti` / `task_instance` name of a `<ti>.xcom_pull(...)` call. */
function xcomPullReceiver(call: Extract<ExprNode, { kind: "Call" }>): { name: string; offset: number } | undefined {
  const callee = call.node;
  if (callee.kind !== "Getattr" || callee.attr !== "xcom_pull" || callee.node.kind !== "Name") return undefined;
  return callee.node.name === "ti" || callee.node.name === "task_instance" ? callee.node : undefined;
}

/** `task_ids=` or the first positional argument (xcom_pull's first parameter on both lines), when literal. */
function taskIdsOf(call: Extract<ExprNode, { kind: "Call" }>): readonly string[] | "dynamic" {
  const given = call.kwargs.find((k) => k.key === "task_ids")?.value ?? call.args[0];
  return given ? literalStrings(given) : "dynamic";
}

/** A literal string, or a list or tuple of them; "dynamic" for anything computed. */
function literalStrings(node: ExprNode): readonly string[] | "dynamic" {
  const one = (n: ExprNode) => (n.kind === "Const" && n.isString ? (n.value as string) : undefined);
  if (node.kind === "Const") return node.isString ? [node.value as string] : "dynamic";
  if (node.kind !== "List" && node.kind !== "Tuple") return "dynamic";
  const values = node.items.map(one);
  return values.every((v): v is string => v !== undefined) ? values : "dynamic";
}
