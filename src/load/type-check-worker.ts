import { parentPort } from "node:worker_threads";
import { typeCheck } from "./type-check";
import type { TypeCheckAnswer, TypeCheckMessage } from "./type-check-thread";

/**
 * The type-check thread (type-check-thread.ts): answers each request on its own port, then wakes the caller,
 * which is blocked waiting. Every request is answered, a thrown error included, or the caller would wait forever.
 */
parentPort?.on("message", ({ request, port, done, exitAfter }: TypeCheckMessage) => {
  let answer: TypeCheckAnswer;
  try {
    answer = { ok: typeCheck(request.files, request.tsconfig, request.incremental) };
  } catch (e) {
    answer = { failed: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  port.postMessage(answer);
  port.close();
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
  // A one-off compile: the thread ends, and its heap (the checked program, hundreds of MB at 1,000 pipelines, which
  // nothing would collect in a thread that does no more work) is freed while the caller renders and writes.
  if (exitAfter) process.exit(0);
});
