/**
 * Jinja's identifier tracking (jinja2/idtracking.py): for one frame, which names it loads from the render context,
 * takes as parameters, or aliases from an outer frame, and compiler.find_undeclared for the special names (`loop`,
 * `caller`, `self`...) that exist only when read. scope.ts builds one Symbols per frame Jinja's compiler opens.
 */

import { children, type AnyNode, type IfNode } from "./ast";

// ---------------------------------------------------------------------------------------------------------------
// Identifier tracking (jinja2/idtracking.py): which names a frame loads from the context ("resolve"), takes as
// parameters, or aliases from an outer frame. Ported as is: it decides what Jinja resolves at runtime.

type Load = readonly ["param"] | readonly ["resolve", string] | readonly ["alias", string] | readonly ["undefined"];

export class Symbols {
  readonly level: number;
  refs = new Map<string, string>();
  loads = new Map<string, Load>();
  stores = new Set<string>();

  constructor(readonly parent?: Symbols) {
    this.level = parent ? parent.level + 1 : 0;
  }

  findRef(name: string): string | undefined {
    return this.refs.get(name) ?? this.parent?.findRef(name);
  }

  copy(): Symbols {
    const copy = new Symbols(this.parent);
    copy.refs = new Map(this.refs);
    copy.loads = new Map(this.loads);
    copy.stores = new Set(this.stores);
    return copy;
  }

  store(name: string): void {
    this.stores.add(name);
    if (this.refs.has(name)) return;
    const outer = this.parent?.findRef(name);
    this.defineRef(name, outer !== undefined ? ["alias", outer] : ["undefined"]);
  }

  declareParameter(name: string): void {
    this.stores.add(name);
    this.defineRef(name, ["param"]);
  }

  load(name: string): void {
    if (this.findRef(name) === undefined) this.defineRef(name, ["resolve", name]);
  }

  /** After an if: names any branch stored are resolved from the outer frame or the context first. */
  branchUpdate(branches: Symbols[]): void {
    const stored = new Set(branches.flatMap((b) => [...b.stores]).filter((name) => !this.stores.has(name)));
    for (const branch of branches) {
      for (const [k, v] of branch.refs) this.refs.set(k, v);
      for (const [k, v] of branch.loads) this.loads.set(k, v);
      for (const name of branch.stores) this.stores.add(name);
    }
    for (const name of stored) {
      const target = this.findRef(name)!;
      const outer = this.parent?.findRef(name);
      this.loads.set(target, outer !== undefined ? ["alias", outer] : ["resolve", name]);
    }
  }

  private defineRef(name: string, load: Load): void {
    const ident = `l_${this.level}_${name}`;
    this.refs.set(name, ident);
    this.loads.set(ident, load);
  }
}

/** FrameSymbolVisitor: the names one frame stores and loads; it stops where Jinja opens another frame. */
class SymbolVisitor {
  constructor(public symbols: Symbols) {}

  visit(node: AnyNode, storeAsParam = false): void {
    switch (node.kind) {
      case "Name":
        if (storeAsParam || node.ctx === "param") this.symbols.declareParameter(node.name);
        else if (node.ctx === "store") this.symbols.store(node.name);
        else this.symbols.load(node.name);
        return;
      case "NSRef": return this.symbols.load(node.name);
      case "If": return this.visitIf(node, storeAsParam);
      case "Macro": return this.symbols.store(node.name);
      case "Import":
        this.visit(node.node);
        return this.symbols.store(node.target);
      case "FromImport":
        this.visit(node.node);
        return node.names.forEach((name) => this.symbols.store(name));
      case "Assign":
        this.visit(node.node);
        return this.visit(node.target);
      case "For": return this.visit(node.iter);
      case "CallBlock": return this.visit(node.call);
      case "FilterBlock": return this.visit(node.filter);
      case "With": return node.values.forEach((v) => this.visit(v));
      case "AssignBlock": return this.visit(node.target);
      case "Autoescape": case "Block": return;
      default: return children(node).forEach((child) => this.visit(child, storeAsParam));
    }
  }

  private visitIf(node: IfNode, storeAsParam: boolean): void {
    this.visit(node.test, storeAsParam);
    const original = this.symbols;
    const branch = (nodes: AnyNode[]) => {
      this.symbols = original.copy();
      for (const n of nodes) this.visit(n, storeAsParam);
      const result = this.symbols;
      this.symbols = original;
      return result;
    };
    original.branchUpdate([branch(node.body), branch(node.elif_), branch(node.else_)]);
  }
}

/** RootVisitor: fills the symbols of the frame that `node` opens (for a loop: of one of its parts). */
export function analyzeFrame(symbols: Symbols, node: AnyNode, forBranch: "body" | "else" | "test" = "body"): void {
  const visitor = new SymbolVisitor(symbols);
  const visitAll = (nodes: AnyNode[]) => nodes.forEach((n) => visitor.visit(n));
  switch (node.kind) {
    case "AssignBlock": return visitAll(node.body);
    case "CallBlock": return visitAll([...node.args, ...node.defaults, ...node.body]);
    case "With": return visitAll([...node.targets, ...node.body]);
    case "For":
      if (forBranch === "else") return visitAll(node.else_);
      visitor.visit(node.target, true);
      return visitAll(forBranch === "body" ? node.body : node.test ? [node.test] : []);
    default: return visitAll(children(node));
  }
}

/** compiler.find_undeclared: which of `names` are loaded before any other use of them (blocks not entered). */
export function findUndeclared(nodes: AnyNode[], names: readonly string[]): Set<string> {
  const wanted = new Set(names);
  const found = new Set<string>();
  const visit = (node: AnyNode): void => {
    if (node.kind === "Block") return;
    if (node.kind === "Name") {
      if (node.ctx === "load" && wanted.has(node.name)) found.add(node.name);
      else wanted.delete(node.name);
      return;
    }
    children(node).forEach(visit);
  };
  nodes.forEach(visit);
  return found;
}
