#!/usr/bin/python3
"""Turns the rendered dev overlay (kubectl kustomize) into what `podman kube play` 4.3 (Debian 12)
can run, for scripts/deploy-test. The manifests in k8s/ stay cluster-correct; only this copy is
changed, and each change is one podman cannot do itself:

- Secrets: podman 4.3 stores a `kind: Secret` document as YAML but reads secretKeyRef as JSON,
  and a `secret:` volume without `optional` crashes it (and would mount the base64 text). So the
  Secrets are written out as JSON for `podman secret create` (secretKeyRef then works as
  written), and each secret volume becomes a ConfigMap volume of the decoded files, one
  ConfigMap per pod and volume (`<pod>-<volume>`): podman backs a ConfigMap volume with a named
  volume it rewrites whenever a pod using it is played, which a server already running would
  read half-written (its TLS files).
- fieldRef status.podIP is not supported: FAZHI_METRICS_ADDRESS becomes 0.0.0.0, which in a pod
  of its own serves the same addresses (the pod's and loopback).
- No cluster DNS: every pod gets hostAliases naming each Service at the podman network's
  gateway, where the pods' ports are published (Service port = container port here).
- StatefulSet is not supported: MariaDB's becomes a Deployment with its volumeClaimTemplate as a
  PersistentVolumeClaim (a named podman volume).
- Jobs are not run: the demo-load Job becomes a Pod (restartPolicy OnFailure, same containers),
  played by the script once the services are healthy, as the Job's loaders would wait for them.
- Namespace, Service and ServiceAccount objects are dropped (podman has no use for them).
- podman 4.3 gives init containers the pod's restartPolicy: a Deployment's (Always) would run
  the `migrate` init container again and again and race kube play removing it. So each
  Deployment's init containers become a pod of their own, `<deployment>-migrate` (restartPolicy
  Never, the same containers, volumes and securityContext), which the script plays and waits for
  before the Deployments: the order the init containers give in a cluster.
- The demo-load pod's init containers (restartPolicy OnFailure, so run once) are marked to be
  kept after they run (podman's default removes them), so the script can show their exit status
  and logs.

    kube_play.py RENDERED.yaml OUT_DIR GATEWAY_IP
writes OUT_DIR/secrets/<name>.json, OUT_DIR/infra.yaml (ConfigMaps, the PVC, MariaDB),
OUT_DIR/migrations.yaml (the migrate pods), OUT_DIR/services.yaml (ConfigMaps and the four
Deployments) and OUT_DIR/demo-load.yaml.
"""

import base64
import copy
import json
import os
import sys

import yaml

DROPPED = {"Namespace", "Service", "ServiceAccount"}


def pod_spec(obj):
    return obj["spec"]["template"]["spec"] if obj["kind"] != "Pod" else obj["spec"]


def containers(spec):
    return spec.get("initContainers", []) + spec.get("containers", [])


KEEP_INIT = {"io.podman.annotations.init.container.type": "always"}


def adapt_pod_spec(pod, spec, secrets, aliases, secret_maps):
    """Secret volumes to ConfigMap volumes of the pod's own (appended to secret_maps),
    status.podIP to 0.0.0.0, Services as host aliases."""
    for volume in spec.get("volumes", []):
        source = volume.pop("secret", None)
        if source is None:
            continue
        name = source["secretName"]
        if name not in secrets:
            raise SystemExit(f"kube_play: volume {volume['name']} names Secret {name}, "
                             "which the overlay does not generate")
        items = source.get("items") or [{"key": k, "path": k} for k in secrets[name]]
        own = f"{pod}-{volume['name']}"
        secret_maps.append({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": own},
                            "data": secrets[name]})
        volume["configMap"] = {"name": own, "items": items, "optional": False}
    for container in containers(spec):
        for env in container.get("env", []):
            field = env.get("valueFrom", {}).get("fieldRef", {}).get("fieldPath")
            if field == "status.podIP":
                env.pop("valueFrom")
                env["value"] = "0.0.0.0"
            elif field is not None and not field.startswith("metadata."):
                raise SystemExit(f"kube_play: fieldRef {field} is not supported by podman")
    spec["hostAliases"] = aliases


def decoded(secret):
    """A Secret's files, decoded (text: every Secret of the dev overlay is PEM, JSON or text)."""
    files = {k: base64.b64decode(v).decode("utf-8") for k, v in secret.get("data", {}).items()}
    files.update(secret.get("stringData", {}))
    return files


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    rendered, out_dir, gateway = sys.argv[1:]
    with open(rendered, encoding="utf-8") as f:
        docs = [d for d in yaml.safe_load_all(f) if d]

    secrets = {d["metadata"]["name"]: decoded(d) for d in docs if d["kind"] == "Secret"}
    services = sorted(d["metadata"]["name"] for d in docs if d["kind"] == "Service")
    aliases = [{"ip": gateway, "hostnames": services}]

    os.makedirs(os.path.join(out_dir, "secrets"), mode=0o700, exist_ok=True)
    for name, files in secrets.items():
        # podman's secretKeyRef reads a JSON object of base64 values (Go's []byte in JSON).
        path = os.path.join(out_dir, "secrets", f"{name}.json")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump({k: base64.b64encode(v.encode("utf-8")).decode("ascii")
                       for k, v in files.items()}, f)

    # The Secrets' files as ConfigMaps of each pod's own, for the volumes.
    secret_maps = []
    config_maps = [d for d in docs if d["kind"] == "ConfigMap"]

    infra, migrations, workloads, demo = [], [], [], []
    for doc in docs:
        kind = doc["kind"]
        if kind in DROPPED or kind in ("Secret", "ConfigMap"):
            continue
        doc = copy.deepcopy(doc)
        if kind == "StatefulSet":
            claims = doc["spec"].pop("volumeClaimTemplates", [])
            name = doc["metadata"]["name"]
            spec = doc["spec"]["template"]["spec"]
            for claim in claims:
                # Kubernetes names a StatefulSet's claim <template>-<set>-<ordinal>.
                claim_name = f"{claim['metadata']['name']}-{name}-0"
                infra.append({"apiVersion": "v1", "kind": "PersistentVolumeClaim",
                              "metadata": {"name": claim_name}, "spec": claim["spec"]})
                spec.setdefault("volumes", []).append(
                    {"name": claim["metadata"]["name"],
                     "persistentVolumeClaim": {"claimName": claim_name}})
            doc["kind"] = "Deployment"
            doc["apiVersion"] = "apps/v1"
            doc["spec"].pop("serviceName", None)
            adapt_pod_spec(f"{name}-pod-0", spec, secrets, aliases, secret_maps)
            infra.append(doc)
        elif kind == "Deployment":
            spec = doc["spec"]["template"]["spec"]
            inits = spec.pop("initContainers", [])
            if inits:
                # The migrate pod's volumes are its own too.
                migrate_spec = copy.deepcopy(spec)
                migrate_spec["initContainers"] = inits
                adapt_pod_spec(f"{doc['metadata']['name']}-migrate", migrate_spec, secrets,
                               aliases, secret_maps)
                mounted = {m["name"] for c in inits for m in c.get("volumeMounts", [])}
                migrations.append({
                    "apiVersion": "v1", "kind": "Pod",
                    "metadata": {"name": f"{doc['metadata']['name']}-migrate"},
                    "spec": {"restartPolicy": "Never",
                             "automountServiceAccountToken": False,
                             "securityContext": spec.get("securityContext", {}),
                             "containers": inits,
                             "volumes": [v for v in migrate_spec.get("volumes", [])
                                         if v["name"] in mounted],
                             "hostAliases": aliases}})
            adapt_pod_spec(f"{doc['metadata']['name']}-pod-0", spec, secrets, aliases,
                           secret_maps)
            workloads.append(doc)
        elif kind == "Job":
            template = doc["spec"]["template"]
            pod = {"apiVersion": "v1", "kind": "Pod",
                   "metadata": {"name": doc["metadata"]["name"],
                                "labels": template.get("metadata", {}).get("labels", {}),
                                "annotations": dict(KEEP_INIT)},
                   "spec": template["spec"]}
            adapt_pod_spec(pod["metadata"]["name"], pod["spec"], secrets, aliases, secret_maps)
            demo.append(pod)
        else:
            raise SystemExit(f"kube_play: no podman translation for kind {kind}")

    # Each file carries the ConfigMaps its pods read (kube play resolves them per file).
    maps = config_maps + secret_maps
    for name, objects in (("infra", infra), ("migrations", migrations), ("services", workloads),
                          ("demo-load", demo)):
        with open(os.path.join(out_dir, f"{name}.yaml"), "w", encoding="utf-8") as f:
            yaml.safe_dump_all(maps + objects, f, sort_keys=False, allow_unicode=True)


if __name__ == "__main__":
    main()
