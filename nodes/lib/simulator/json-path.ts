// Writes into a cloned real payload by dotted path, keeping the payload's own flavour of flags:
// some captures say `true`/`false`, others `1`/`0` for the same field (cloud-protocol.md 5.2).

type Json = Record<string, unknown>;

export function put(target: Json, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Json;
  }
  const leaf = keys[keys.length - 1];
  node[leaf] = typeof value === 'boolean' && typeof node[leaf] === 'number' ? Number(value) : value;
}

export function get(source: Json, path: string): unknown {
  let node: unknown = source;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Json)[key];
  }
  return node;
}

/** A deep copy of a seed payload without the fixture's `_fixture_meta` block. */
export function fromSeed(seed: object): Json {
  const copy = structuredClone(seed) as Json;
  delete copy._fixture_meta;
  return copy;
}
