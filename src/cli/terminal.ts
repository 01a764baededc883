import type { CliIo } from "./args";

/**
 * What the terminal can show. Colours only on a TTY and never with NO_COLOR (https://no-color.org: present and not
 * empty); progress only on a TTY, so pipes, CI logs and `--format json` get the same bytes every run.
 */
export interface Terminal {
  /** Colour the text printed on stderr (diagnostics). */
  readonly color: boolean;
  /** Show stage-by-stage progress on stderr. */
  readonly progress: boolean;
}

export function terminalOf(io: CliIo, format: "text" | "json"): Terminal {
  const noColor = (io.env?.NO_COLOR ?? "") !== "";
  const tty = io.stderrIsTTY === true;
  return { color: tty && !noColor && format === "text", progress: tty && format === "text" };
}

const CODES = { red: 31, yellow: 33, green: 32, dim: 2, bold: 1 } as const;
export type Colour = keyof typeof CODES;

/** Wraps text in an ANSI colour when colours are on; the identity otherwise. */
export function painter(on: boolean): (colour: Colour, text: string) => string {
  return on ? (colour, text) => `\u001b[${CODES[colour]}m${text}\u001b[0m` : (_colour, text) => text;
}
