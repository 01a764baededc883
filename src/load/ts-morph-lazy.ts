import type * as TsMorph from "ts-morph";

let loaded: typeof TsMorph | undefined;

/**
 * ts-morph, and the TypeScript compiler inside it, loaded on first use rather than with this module: loading them
 * takes about a second, and a compile answered from the cache (src/cache) never needs them. Modules of src/load
 * import their types statically (`import type`) and their values through this.
 */
export function tsMorph(): typeof TsMorph {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberately lazy (see above)
  return (loaded ??= require("ts-morph") as typeof TsMorph);
}
