import { stringify } from "yaml";

/**
 * YAML for Go readers. Helm and kubectl parse values and manifests with sigs.k8s.io/yaml (go-yaml v2), which
 * follows YAML 1.1: a plain `yes`, `on`, `y`, `n` or `off` is a boolean there and `0o17`, `0b101` or `1_000` a
 * number (it hands plain scalars to Go's strconv with base 0). The yaml package writes YAML 1.2 by default and would
 * leave such strings unquoted, so a label value "on" or a namespace "y" would reach the cluster as `true`.
 * Writing under the 1.1 schema quotes every string a 1.1 reader would resolve to something else; the one extra tag
 * teaches it Go's `0o` octal form, which YAML 1.1 itself does not have. No line folding (a long command stays on
 * its line) and no anchors or aliases (each object reads as written, even where two share a value).
 */
const goInteger = {
  tag: "tag:yaml.org,2002:int",
  default: true,
  test: /^[-+]?0o[0-7_]+$/,
  resolve: (text: string) => parseInt(text.replace(/_/g, "").replace(/^([-+]?)0o/, "$10"), 8),
};

export function yamlText(value: unknown): string {
  return stringify(value, { version: "1.1", customTags: [goInteger], lineWidth: 0, aliasDuplicateObjects: false });
}
