import type { LocalCluster } from "./cluster";

export function taskRunTests(getCluster: () => LocalCluster): void {
  void getCluster;
}
