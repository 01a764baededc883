#!/usr/bin/env bash
# Builds (or reuses) one pinned Go tool from the Go module proxy and prints the path of its binary.
#
#   test/tools/go-tool.sh helm            # helm v3.19.0 (renders the official chart: helm template)
#   test/tools/go-tool.sh etcd            # etcd server v3.6.16
#   test/tools/go-tool.sh kube-apiserver  # Kubernetes v1.33.13
#   test/tools/go-tool.sh kube-scheduler  # Kubernetes v1.33.13 (same wrapper module as the apiserver)
#   test/tools/go-tool.sh kubectl         # Kubernetes v1.33.13
#   test/tools/go-tool.sh kwok            # kwok v0.7.0 (fake nodes and pod lifecycles)
#
# Binaries live in a user cache keyed by tool and version (like the Python virtualenvs), never in the repository:
# the first build takes minutes (kube-apiserver about 15 on an idle 2-core machine), later calls return at once.
# A marker written last tells a complete build from an interrupted one; a flock serialises concurrent callers.
set -euo pipefail
tool=${1:?usage: go-tool.sh helm|etcd|kube-apiserver|kube-scheduler|kubectl|kwok}

HELM_VERSION=v3.19.0
ETCD_VERSION=v3.6.16
KUBERNETES_VERSION=v1.33.13
KWOK_VERSION=v0.7.0

case "$tool" in
  helm) version=$HELM_VERSION ;;
  etcd) version=$ETCD_VERSION ;;
  kube-apiserver|kube-scheduler|kubectl) version=$KUBERNETES_VERSION ;;
  kwok) version=$KWOK_VERSION ;;
  *) echo "unknown tool $tool" >&2; exit 2 ;;
esac

cache=${AIRFLOW_TS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/airflow-ts}
dir="$cache/bin/$tool-$version"
bin="$dir/$tool"
mkdir -p "$cache/bin"
exec 9>"$dir.lock"
flock 9
if [ -f "$dir/.complete" ] && [ -x "$bin" ]; then echo "$bin"; exit 0; fi

echo "building $tool $version into $dir (first run only; minutes)" >&2
rm -rf "$dir"; mkdir -p "$dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GOFLAGS=-buildvcs=false CGO_ENABLED=0

# A throwaway module that requires the tool's module, so `go build` resolves it from the proxy.
wrapper() { # module version
  (cd "$work" && go mod init airflow-ts-tools >/dev/null 2>&1 && go mod edit -require="$1@$2")
}

case "$tool" in
  helm)
    GOBIN="$dir" go install "helm.sh/helm/v3/cmd/helm@$version" ;;
  kwok)
    GOBIN="$dir" go install "sigs.k8s.io/kwok/cmd/kwok@$version" ;;
  etcd)
    wrapper go.etcd.io/etcd/server/v3 "$version"
    (cd "$work" && go get "go.etcd.io/etcd/server/v3@$version" && go build -o "$bin" go.etcd.io/etcd/server/v3) ;;
  kube-apiserver|kube-scheduler|kubectl)
    # k8s.io/kubernetes replaces its k8s.io/* dependencies with its own staging/ folders, which `go install`
    # cannot follow; the wrapper points each of them at the published module of the matching v0 version.
    staging=v0.${version#v1.}
    wrapper k8s.io/kubernetes "$version"
    gomod=$(cd "$work" && go mod download -json "k8s.io/kubernetes@$version" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
    sed -n 's#^\s*\(k8s.io/[a-z0-9./-]*\) => ./staging/.*#\1#p' "$gomod" | while read -r m; do
      (cd "$work" && go mod edit -replace="$m=$m@$staging")
    done
    case "$tool" in
      kubectl) pkg=k8s.io/kubernetes/cmd/kubectl ;;
      *) pkg=k8s.io/kubernetes/cmd/$tool ;;
    esac
    (cd "$work" && go get "$pkg@$version" && go build -o "$bin" "$pkg") ;;
esac
[ -x "$bin" ] || { echo "building $tool failed" >&2; exit 1; }
touch "$dir/.complete"
echo "$bin"
