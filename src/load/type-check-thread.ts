import * as path from "node:path";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import { typeCheck, type IncrementalOptions, type TypeCheckResult } from "./type-check";
import type { UserTsConfig } from "./user-tsconfig";

/**
 * The type check on a thread of its own, so it runs while the caller runs the pipeline modules, validates, models
 * and renders them: the type check is about half of a compile, and those stages the other half, so on two cores a
 * compile takes about as long as `tsc` alone instead of the sum. Nothing is written before `result()`: a program
 * that does not type-check still compiles nothing.
 *
 * `result()` blocks (Atomics.wait) until the thread answers, so the compile stays synchronous. Watch keeps one
 * thread (unref'd: it never keeps the process alive), so its TypeScript is loaded once and what the incremental
 * check keeps in memory between checks lives there. Any other check ends its thread once answered: its heap (the
 * checked program, 600 MB at 1,000 pipelines) would otherwise stay while the caller renders and writes.
 *
 * The thread costs its own TypeScript (about 0.4 s of CPU to load, 80 MB), which a small program does not win back:
 * it is used from THREAD_FROM_FILES files on, and always in watch. `AIRFLOW_TS_TYPECHECK_THREAD=1` always uses it, `=0` never; a failure
 * to start the thread or to send it the request checks on the calling thread too.
 */
export interface PendingTypeCheck {
  result(): TypeCheckResult;
}

export interface TypeCheckRequest {
  readonly files: readonly string[];
  readonly tsconfig: UserTsConfig;
  /** Check incrementally; with `keepInMemory`, the thread keeps the program for the next request (watch). */
  readonly incremental?: IncrementalOptions;
}

/** What the thread sends back: the check's result, or why it could not check (an exception, with its stack). */
export type TypeCheckAnswer = { readonly ok: TypeCheckResult } | { readonly failed: string };

/** What the calling thread sends: the request, the port to answer on, and the word to set when it has. */
export interface TypeCheckMessage {
  readonly request: TypeCheckRequest;
  readonly port: MessagePort;
  readonly done: Int32Array;
  /** End the thread once answered (the caller forgets it, and the next request starts another). */
  readonly exitAfter: boolean;
}

/** The program size (config and pipeline files) from which the thread pays for itself; measured in docs/internals.md. */
export const THREAD_FROM_FILES = 20;

export function startTypeCheck(request: TypeCheckRequest): PendingTypeCheck {
  const setting = process.env.AIRFLOW_TS_TYPECHECK_THREAD;
  // Watch always: its checks of one edited file are then off the watch loop, which renders meanwhile.
  const wanted = setting === "1" || (setting !== "0" && (request.files.length >= THREAD_FROM_FILES || request.incremental?.keepInMemory === true));
  const worker = wanted ? typeCheckThread() : undefined;
  if (!worker) return inline(request);
  const { port1, port2 } = new MessageChannel();
  const done = new Int32Array(new SharedArrayBuffer(4));
  // Only watch keeps a program between checks; any other check is the process's last for a while (a CLI compile
  // is one), so the thread ends after it rather than hold its heap while the caller renders and writes.
  const exitAfter = request.incremental?.keepInMemory !== true;
  if (exitAfter) thread = undefined;
  try {
    const message: TypeCheckMessage = { request, port: port2, done, exitAfter };
    worker.postMessage(message, [port2]);
  } catch {
    // Options the structured clone cannot carry (a user's tsconfig plugin object, say): check here instead.
    port1.close();
    if (exitAfter) void worker.terminate();
    return inline(request);
  }
  let answer: TypeCheckResult | undefined;
  return {
    result() {
      if (answer) return answer;
      for (;;) {
        const received = receiveMessageOnPort(port1);
        if (received) {
          port1.close();
          const reply = received.message as TypeCheckAnswer;
          if ("failed" in reply) throw new Error(`the type check failed: ${reply.failed}`);
          return (answer = reply.ok);
        }
        // Woken when the thread has answered; the timeout only re-polls, in case the answer lands after the wake.
        Atomics.wait(done, 0, 0, 200);
      }
    },
  };
}

function inline(request: TypeCheckRequest): PendingTypeCheck {
  const result = typeCheck(request.files, request.tsconfig, request.incremental);
  return { result: () => result };
}

let thread: Worker | undefined;
let unavailable = false;

function typeCheckThread(): Worker | undefined {
  if (thread || unavailable) return thread;
  try {
    thread = new Worker(...workerEntry());
    thread.unref();
    // A thread that dies (it should not: every request is answered, errors included) is replaced on next use.
    const started = thread;
    started.on("exit", () => thread === started && (thread = undefined));
    started.on("error", () => thread === started && (thread = undefined));
  } catch {
    unavailable = true;
  }
  return thread;
}

/**
 * A young generation of 16 MB for the checker's thread, a third of V8's default: what TypeScript allocates while it
 * parses and checks mostly lives as long as the program, so a larger nursery only holds more memory at the moment
 * the two threads' heaps peak together. At 1,000 x 20 a cold compile's peak RSS went from 1,079 to 1,025-1,032 MB (three
 * runs), for more and shorter scavenges on that thread (docs/internals.md#performance). The old generation is not capped.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 16 };

/** The thread's module: built, the compiled file beside this one; from the sources, through the same hook as the caller. */
function workerEntry(): ConstructorParameters<typeof Worker> {
  if (!__filename.endsWith(".ts")) return [path.join(__dirname, "type-check-worker.js"), { resourceLimits: WORKER_LIMITS }];
  const register = path.resolve(__dirname, "..", "..", "bin", "register-ts.js");
  const entry = path.join(__dirname, "type-check-worker.ts");
  return [`require(${JSON.stringify(register)}); require(${JSON.stringify(entry)});`, { eval: true, resourceLimits: WORKER_LIMITS }];
}
