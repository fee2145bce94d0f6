// A faithful renderer of the part of kustomize that deploy/k8s uses, so `npm test` renders every overlay
// offline (no kustomize binary ships through the package registries this project may use). Supported:
// `resources` (files and directories with a kustomization.yaml), `namespace`, `labels` (without
// selectors), `images`, `replicas` and `patches` given as strategic-merge files (with an optional
// `target`). Anything else in a kustomization.yaml is refused by name, so a field the real kustomize would
// honour is never silently ignored here. `kubectl kustomize deploy/k8s/overlays/<name>` renders the same.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [key: string]: unknown };
  [key: string]: unknown;
}

interface Kustomization {
  resources?: string[];
  namespace?: string;
  labels?: Array<{ pairs: Record<string, string>; includeSelectors?: boolean }>;
  images?: Array<{ name: string; newName?: string; newTag?: string }>;
  replicas?: Array<{ name: string; count: number }>;
  patches?: Array<{ path: string; target?: { kind?: string; name?: string } }>;
}

const SUPPORTED = new Set([
  'apiVersion',
  'kind',
  'resources',
  'namespace',
  'labels',
  'images',
  'replicas',
  'patches',
]);
/** List fields whose items strategic merge matches by this key instead of replacing the list. */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  env: 'name',
  ports: 'name',
  volumes: 'name',
  volumeMounts: 'name',
};
const NAMESPACED_EXCEPTIONS = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
]);

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function readYamlDocuments(file: string): Manifest[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((document) => {
      if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]!.message}`);
      return document.toJS() as Manifest;
    })
    .filter(Boolean);
}

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Kubernetes strategic merge for the fields used here: maps merge, keyed lists merge by key, null deletes. */
export function strategicMerge(base: Json, patch: Json, field = ''): Json {
  if (isObject(base) && isObject(patch)) {
    const merged: Record<string, Json> = { ...base };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete merged[key];
      else merged[key] = key in base ? strategicMerge(base[key]!, value, key) : value;
    }
    return merged;
  }
  const mergeKey = MERGE_KEYS[field];
  if (Array.isArray(base) && Array.isArray(patch) && mergeKey) {
    const merged = [...base];
    for (const item of patch) {
      const key = isObject(item) ? item[mergeKey] : undefined;
      const index = merged.findIndex((existing) => isObject(existing) && existing[mergeKey] === key);
      if (index >= 0) merged[index] = strategicMerge(merged[index]!, item, '');
      else merged.push(item);
    }
    return merged;
  }
  return patch;
}

function readKustomization(dir: string): Kustomization {
  const file = path.join(dir, 'kustomization.yaml');
  if (!existsSync(file)) throw new Error(`${dir} has no kustomization.yaml`);
  const [document] = readYamlDocuments(file) as unknown as Kustomization[];
  const unknown = Object.keys(document ?? {}).filter((key) => !SUPPORTED.has(key));
  if (unknown.length > 0)
    throw new Error(`${file}: ${unknown.join(', ')} not supported by tools/deploy/kustomize.ts`);
  return document ?? {};
}

function matches(manifest: Manifest, target: { kind?: string; name?: string }): boolean {
  return (
    (!target.kind || manifest.kind === target.kind) &&
    (!target.name || manifest.metadata.name === target.name)
  );
}

function setImages(value: Json, images: NonNullable<Kustomization['images']>): Json {
  if (Array.isArray(value)) return value.map((item) => setImages(item, images));
  if (!isObject(value)) return value;
  const result: Record<string, Json> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === 'image' && typeof item === 'string') {
      const [name, tag] = item.split(/:(?=[^:/]+$)/);
      const rule = images.find((image) => image.name === name);
      result[key] = rule ? `${rule.newName ?? name}:${rule.newTag ?? tag ?? 'latest'}` : item;
    } else result[key] = setImages(item, images);
  }
  return result;
}

/** Renders a kustomization directory to its manifests, as `kustomize build <dir>` does. */
export function kustomize(dir: string): Manifest[] {
  const kustomization = readKustomization(dir);
  let manifests: Manifest[] = [];
  for (const resource of kustomization.resources ?? []) {
    const full = path.resolve(dir, resource);
    manifests.push(...(statSync(full).isDirectory() ? kustomize(full) : readYamlDocuments(full)));
  }
  for (const patch of kustomization.patches ?? []) {
    const patches = readYamlDocuments(path.resolve(dir, patch.path));
    for (const body of patches) {
      const target = patch.target ?? { kind: body.kind, name: body.metadata?.name };
      const hits = manifests.filter((manifest) => matches(manifest, target));
      if (hits.length === 0) throw new Error(`${dir}: patch ${patch.path} matches no resource`);
      manifests = manifests.map((manifest) =>
        matches(manifest, target)
          ? (strategicMerge(manifest as unknown as Json, body as unknown as Json) as unknown as Manifest)
          : manifest,
      );
    }
  }
  for (const { name, count } of kustomization.replicas ?? []) {
    const hits = manifests.filter((manifest) => manifest.metadata.name === name && 'spec' in manifest);
    if (hits.length === 0) throw new Error(`${dir}: replicas for ${name} matches no resource`);
    for (const hit of hits) (hit.spec as Record<string, Json>).replicas = count;
  }
  if (kustomization.images) {
    const images = kustomization.images;
    manifests = manifests.map(
      (manifest) => setImages(manifest as unknown as Json, images) as unknown as Manifest,
    );
  }
  for (const { pairs, includeSelectors } of kustomization.labels ?? []) {
    if (includeSelectors) throw new Error(`${dir}: labels with includeSelectors not supported`);
    for (const manifest of manifests) manifest.metadata.labels = { ...manifest.metadata.labels, ...pairs };
  }
  if (kustomization.namespace) {
    for (const manifest of manifests)
      if (!NAMESPACED_EXCEPTIONS.has(manifest.kind)) manifest.metadata.namespace = kustomization.namespace;
  }
  return manifests;
}
