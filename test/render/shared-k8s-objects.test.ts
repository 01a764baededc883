import { describe, expect, it } from "vitest";
import { pyCall, pyStr } from "../../src/python/python-literals";
import { SharedK8sObjects } from "../../src/render/shared-k8s-objects";

const envVar = (name: string, value: string) => pyCall("k8s.V1EnvVar", { name: pyStr(name), value: pyStr(value) });

describe("SharedK8sObjects", () => {
  it("declares one constant per distinct object, named after it, in order of first use", () => {
    const shared = new SharedK8sObjects(new Set());
    expect(shared.share(envVar("MODE", "batch"), "ENV_MODE")).toBe("_ENV_MODE");
    expect(shared.share(envVar("MODE", "batch"), "ENV_MODE")).toBe("_ENV_MODE");
    expect(shared.share(envVar("MODE", "stream"), "ENV_MODE")).toBe("_ENV_MODE_2");
    expect(shared.list()).toEqual([
      { name: "_ENV_MODE", value: 'k8s.V1EnvVar(name="MODE", value="batch")' },
      { name: "_ENV_MODE_2", value: 'k8s.V1EnvVar(name="MODE", value="stream")' },
    ]);
  });

  it("keeps an object that template rendering could change in its task (rendered in place, per task)", () => {
    const shared = new SharedK8sObjects(new Set());
    for (const value of ["{{ ds }}", "{% if x %}1{% endif %}", "{# note #}", "conf/run.json", "conf/run.yaml"]) {
      const expr = envVar("X", value);
      expect(shared.share(expr, "ENV_X")).toBe(expr);
    }
    expect(shared.list()).toEqual([]);
  });

  it("never takes a name the module already uses, and turns user text into an identifier", () => {
    const shared = new SharedK8sObjects(new Set(["_VOLUME_RAW"]));
    expect(shared.share(pyCall("k8s.V1Volume", { name: pyStr("raw") }), "VOLUME_raw")).toBe("_VOLUME_RAW_2");
    expect(shared.share(pyCall("k8s.V1Volume", { name: pyStr("a.b-c") }), 'VOLUME_a.b-c"); import os')).toBe("_VOLUME_A_B_C____IMPORT_OS");
  });
});
