// Which Node-RED the node and end-to-end suites run: the devDependency (4.1) unless NODE_RED_DIR names
// the folder of another install's `node-red` package (CI's second pass: Node-RED 5, run by Node 22).
import * as path from 'node:path';

export const NODE_RED_DIR = process.env.NODE_RED_DIR
  ? path.resolve(process.env.NODE_RED_DIR)
  : path.dirname(require.resolve('node-red/package.json'));

/** Resolves a module the way that Node-RED itself would (its own `@node-red/*` packages, bcryptjs, ...). */
export function fromNodeRed(request: string): string {
  return require.resolve(request, { paths: [NODE_RED_DIR] });
}

/** The version of the Node-RED under test, e.g. `4.1.15`. */
export function nodeRedVersion(): string {
  return (require(path.join(NODE_RED_DIR, 'package.json')) as { version: string }).version;
}
