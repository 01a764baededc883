"""Validate Kubernetes objects offline, as the API server would on create.

    python validate_k8s.py <kubernetes_version> <objects.json> <problems.json>

<objects.json> is {"<label>": <object in API JSON>, ...}; <problems.json> gets {"<label>": ["problem", ...]} for
every object with a problem. Two checks:
  1. the OpenAPI schema of the pinned Kubernetes version, strict (unknown fields are errors), from the
     kubernetes-validate package (schemas bundled, no network);
  2. the name and value rules the schema cannot express, from k8s.io/apimachinery/pkg/util/validation and
     pkg/apis/core/validation: DNS-1123 names, label keys and values, quantities, env var names, config keys.
Run with the tools venv (test/airflow/setup-env.sh tools).
"""

from __future__ import annotations

import functools
import json
import re
import sys

import jsonschema
from kubernetes_validate.utils import schema_contents
from referencing import Registry, Resource

DNS1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
DNS1123_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
QUALIFIED_NAME = re.compile(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")
ENV_VAR_NAME = re.compile(r"^[-._a-zA-Z][-._a-zA-Z0-9]*$")
CONFIG_KEY = re.compile(r"^[-._a-zA-Z0-9]+$")
# resource.Quantity: a signed decimal number with a binary-SI, decimal-SI or decimal-exponent suffix.
QUANTITY = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?\d+)?$")


def label(value, max_len=63):
    return len(value) <= max_len and DNS1123_LABEL.match(value) is not None


def subdomain(value):
    return len(value) <= 253 and DNS1123_SUBDOMAIN.match(value) is not None


def qualified_name(key):
    prefix, _, name = key.rpartition("/")
    if "/" in key and (not prefix or not subdomain(prefix)):
        return False
    return 0 < len(name) <= 63 and QUALIFIED_NAME.match(name) is not None


def label_value(value):
    return value == "" or (len(value) <= 63 and QUALIFIED_NAME.match(value) is not None)


def config_key(key):
    return len(key) <= 253 and CONFIG_KEY.match(key) is not None and key != "." and not key.startswith("..")


def quantity(value):
    return isinstance(value, (int, float)) or QUANTITY.match(str(value)) is not None


def name_rules(obj):
    """Problems the API server's validation would report that a JSON schema does not describe."""
    problems = []
    meta = obj.get("metadata") or {}

    def need(ok, what):
        if not ok:
            problems.append(what)

    need(subdomain(meta.get("name", "")), f"metadata.name {meta.get('name')!r} is not a DNS-1123 subdomain")
    if meta.get("namespace") is not None:
        need(label(meta["namespace"]), f"metadata.namespace {meta['namespace']!r} is not a DNS-1123 label")
    for key, value in (meta.get("labels") or {}).items():
        need(qualified_name(key) and label_value(value), f"label {key!r}: {value!r} is invalid")
    for key in (meta.get("annotations") or {}):
        need(qualified_name(key), f"annotation key {key!r} is invalid")
    if obj.get("kind") != "Pod":
        return problems

    spec = obj.get("spec") or {}
    if spec.get("serviceAccountName"):
        need(subdomain(spec["serviceAccountName"]), f"serviceAccountName {spec['serviceAccountName']!r} is invalid")
    for key, value in (spec.get("nodeSelector") or {}).items():
        need(qualified_name(key) and label_value(value), f"nodeSelector {key!r}: {value!r} is invalid")
    for secret in spec.get("imagePullSecrets") or []:
        need(subdomain(secret.get("name", "")), f"imagePullSecret {secret.get('name')!r} is invalid")
    for toleration in spec.get("tolerations") or []:
        if toleration.get("key"):
            need(qualified_name(toleration["key"]), f"toleration key {toleration['key']!r} is invalid")
        if toleration.get("operator") != "Exists" and toleration.get("value") is not None:
            need(label_value(toleration["value"]), f"toleration value {toleration['value']!r} is invalid")
    for volume in spec.get("volumes") or []:
        need(label(volume.get("name", "")), f"volume name {volume.get('name')!r} is not a DNS-1123 label")
        if "persistentVolumeClaim" in volume:
            claim = volume["persistentVolumeClaim"].get("claimName", "")
            need(subdomain(claim), f"claimName {claim!r} is invalid")
        if "secret" in volume:
            secret = volume["secret"].get("secretName", "")
            need(subdomain(secret), f"secretName {secret!r} is invalid")
    for container in spec.get("containers") or []:
        need(label(container.get("name", "")), f"container name {container.get('name')!r} is invalid")
        for env in container.get("env") or []:
            need(ENV_VAR_NAME.match(env.get("name", "")) is not None, f"env var name {env.get('name')!r} is invalid")
            for ref in ("secretKeyRef", "configMapKeyRef"):
                source = (env.get("valueFrom") or {}).get(ref)
                if source:
                    need(subdomain(source.get("name", "")), f"{ref} name {source.get('name')!r} is invalid")
                    need(config_key(source.get("key", "")), f"{ref} key {source.get('key')!r} is invalid")
        for source in container.get("envFrom") or []:
            if source.get("prefix"):
                need(ENV_VAR_NAME.match(source["prefix"]) is not None, f"envFrom prefix {source['prefix']!r} is invalid")
        for kind in ("requests", "limits"):
            for resource, amount in ((container.get("resources") or {}).get(kind) or {}).items():
                need(quantity(amount), f"resources.{kind}.{resource} {amount!r} is not a quantity")
        mount_paths = [m.get("mountPath") for m in container.get("volumeMounts") or []]
        need(len(mount_paths) == len(set(mount_paths)), f"duplicate mount paths {mount_paths}")
    return problems


@functools.cache
def validator_for(version, kind, api_version):
    """What kubernetes_validate.validate(strict=True) builds on every call, built once per kind: 10x faster."""
    directory = f"kubernetes-json-schema/v{version}.0-local-strict"
    group_version = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", api_version)  # rbac.authorization.k8s.io/v1 -> rbac-v1
    schema = schema_contents(f"{directory}/{kind.lower()}-{group_version}.json", version)
    definitions = schema_contents(f"{directory}/_definitions.json", version)
    registry = Resource.from_contents(definitions) @ (Resource.from_contents(schema) @ Registry())
    return jsonschema.validators.Draft202012Validator(schema, registry=registry)


def schema_problems(version, obj):
    try:
        validator = validator_for(version, obj.get("kind", ""), obj.get("apiVersion", ""))
    except FileNotFoundError:  # an unknown kind or apiVersion is a failure, not a pass
        return [f"schema: no schema for {obj.get('apiVersion')} {obj.get('kind')} in Kubernetes {version}"]
    errors = sorted(validator.iter_errors(obj), key=lambda e: list(map(str, e.path)))
    return [f"schema: {'.'.join(map(str, e.path)) or '(root)'}: {e.message}" for e in errors]


def main(version, objects_file, problems_file):
    with open(objects_file, encoding="utf-8") as f:
        objects = json.load(f)
    problems = {}
    for key, obj in objects.items():
        found = schema_problems(version, obj) + name_rules(obj)
        if found:
            problems[key] = found
    with open(problems_file, "w", encoding="utf-8") as f:
        json.dump(problems, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
