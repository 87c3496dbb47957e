// The simulator stands apart (docs/contract.md §8, docs/style.md): it imports nothing from the clients,
// the session, the state normalizers or the account layer, only the public types at most.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../../nodes/lib/simulator');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : name.endsWith('.ts') ? [full] : [];
  });
}

describe('simulator: independence and size', () => {
  it('imports only its own files, Node built-ins and ../types', () => {
    for (const file of sources(ROOT)) {
      const imports = [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      for (const target of imports) {
        const allowed = target.startsWith('./') || target.startsWith('node:') || target === '../types';
        assert.ok(allowed, `${path.basename(file)} imports ${target}`);
      }
    }
  });

  it('keeps every source file under 16 KB and writes no console output', () => {
    for (const file of sources(ROOT)) {
      const text = readFileSync(file, 'utf8');
      assert.ok(Buffer.byteLength(text) < 16 * 1024, `${path.basename(file)} is too big`);
      assert.doesNotMatch(text, /console\./, path.basename(file));
    }
  });
});
