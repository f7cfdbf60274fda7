#!/usr/bin/env node
// Checks rendered Kubernetes YAML offline: every object against the Kubernetes API schema
// (kubernetes-models, pinned by package-lock.json) and fazhi's own rules. Exit 1 on any finding.
//   node check.js [--operator-secrets=a,b,...] rendered.yaml
'use strict';
const fs = require('fs');
const YAML = require('yaml');

function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : [null, apiVersion];
  const candidates = group === 'monitoring.coreos.com'
    ? [`@kubernetes-models/prometheus-operator/${group}/${version}/${kind}`]
    : [group ? `kubernetes-models/${group}/${version}/${kind}` : `kubernetes-models/${version}/${kind}`];
  for (const path of candidates) {
    try {
      return require(path)[kind];
    } catch (e) {
      if (e.code !== 'MODULE_NOT_FOUND') throw e;
    }
  }
  return null;
}

function podSpecOf(obj) {
  if (['Deployment', 'StatefulSet', 'Job'].includes(obj.kind)) return obj.spec.template.spec;
  return null;
}

function main() {
  const args = process.argv.slice(2);
  let operatorSecrets = new Set();
  const files = [];
  for (const a of args) {
    if (a.startsWith('--operator-secrets=')) {
      operatorSecrets = new Set(a.slice('--operator-secrets='.length).split(',').filter(Boolean));
    } else {
      files.push(a);
    }
  }
  const findings = [];
  const objects = [];
  for (const file of files) {
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      if (doc.errors.length) findings.push(`${file}: ${doc.errors[0].message}`);
      const obj = doc.toJS();
      if (obj) objects.push(obj);
    }
  }
  const secrets = new Set(objects.filter((o) => o.kind === 'Secret').map((o) => o.metadata.name));
  const configMaps = new Set(
      objects.filter((o) => o.kind === 'ConfigMap').map((o) => o.metadata.name));
  const referenced = new Set();
  for (const obj of objects) {
    const where = `${obj.kind}/${obj.metadata && obj.metadata.name}`;
    // Newer kustomize folds long base64 values over lines; the API server ignores the breaks.
    if (obj.kind === 'Secret' && obj.data) {
      for (const k of Object.keys(obj.data)) obj.data[k] = String(obj.data[k]).replace(/\s+/g, '');
    }
    const Model = modelFor(obj.apiVersion, obj.kind);
    if (!Model) {
      findings.push(`${where}: no schema for ${obj.apiVersion} ${obj.kind}`);
    } else {
      try {
        new Model(obj).validate();
      } catch (e) {
        findings.push(`${where}: schema: ${e.message}`);
      }
    }
    if (obj.kind === 'Secret' && obj.stringData) {
      findings.push(`${where}: stringData inlines a secret value; generate it or let the operator provide it`);
    }
    const pod = podSpecOf(obj);
    if (!pod) continue;
    const psc = pod.securityContext || {};
    if (!psc.runAsNonRoot) findings.push(`${where}: pod securityContext.runAsNonRoot is not true`);
    if (!psc.seccompProfile || psc.seccompProfile.type !== 'RuntimeDefault') {
      findings.push(`${where}: pod seccompProfile is not RuntimeDefault`);
    }
    const serving = obj.kind !== 'Job';
    const all = [...(pod.initContainers || []).map((c) => [c, false]),
      ...(pod.containers || []).map((c) => [c, serving])];
    for (const [c, long] of all) {
      const cw = `${where} container ${c.name}`;
      const sc = c.securityContext || {};
      if (sc.readOnlyRootFilesystem !== true) findings.push(`${cw}: root filesystem is not read-only`);
      if (sc.allowPrivilegeEscalation !== false) findings.push(`${cw}: allowPrivilegeEscalation is not false`);
      const drop = (sc.capabilities && sc.capabilities.drop) || [];
      if (!drop.includes('ALL')) findings.push(`${cw}: capabilities do not drop ALL`);
      if (sc.runAsUser === 0 || sc.runAsNonRoot === false) findings.push(`${cw}: runs as root`);
      const r = c.resources || {};
      for (const kind of ['requests', 'limits']) {
        for (const res of ['cpu', 'memory']) {
          if (!r[kind] || r[kind][res] === undefined) findings.push(`${cw}: no ${res} ${kind.slice(0, -1)}`);
        }
      }
      if (long) {
        const ports = new Set((c.ports || []).map((p) => p.containerPort));
        for (const p of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
          if (!c[p]) {
            findings.push(`${cw}: no ${p}`);
          } else if (/^fazhi-/.test(c.image) && !(c[p].grpc && ports.has(c[p].grpc.port))) {
            // fazhi's servers: the native gRPC probe on a port the container declares.
            findings.push(`${cw}: ${p} is not a gRPC probe on one of its ports`);
          }
        }
      }
      for (const e of c.env || []) {
        if (e.valueFrom && e.valueFrom.secretKeyRef) referenced.add(e.valueFrom.secretKeyRef.name);
        if (e.value !== undefined && /PASSWORD|TOKEN$|SECRET|DATABASE_URL/.test(e.name)) {
          findings.push(`${cw}: ${e.name} is inlined; take it from a Secret`);
        }
      }
      for (const e of c.envFrom || []) {
        if (e.secretRef) referenced.add(e.secretRef.name);
        if (e.configMapRef && !configMaps.has(e.configMapRef.name)) {
          findings.push(`${cw}: ConfigMap ${e.configMapRef.name} does not exist`);
        }
      }
    }
    for (const v of pod.volumes || []) {
      if (v.secret) referenced.add(v.secret.secretName);
    }
  }
  for (const name of referenced) {
    if (!secrets.has(name) && !operatorSecrets.has(name)) {
      findings.push(`Secret ${name} is referenced but neither in the overlay nor provided by the operator`);
    }
  }
  for (const name of secrets) {
    if (!referenced.has(name)) findings.push(`Secret ${name} is not referenced by any container`);
  }
  for (const name of operatorSecrets) {
    if (!referenced.has(name)) findings.push(`operator Secret ${name} is listed but not referenced`);
  }
  for (const f of findings) console.log(`FAIL ${f}`);
  console.log(`${objects.length} objects checked, ${findings.length} findings`);
  process.exit(findings.length ? 1 : 0);
}

main();
