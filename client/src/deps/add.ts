// `bronze deps --add-package NAME@VERSION [--source hub|git|local]`, as dbt 1.8+ does it: entries for the same
// package (by name, in its hyphen/underscore and with/without-namespace spellings) are removed, the new entry
// is appended to the packages file (created when missing), then deps runs as usual. Unlike dbt's rewrite, the
// file's comments and layout are kept.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument, isMap, isScalar, isSeq, YAMLSeq, type Document } from 'yaml';
import { depsError } from './spec';

export type AddSource = 'hub' | 'git' | 'local';

export interface AddRequest {
  name: string;
  version?: string;
  source: AddSource;
}

/** dbt's reading of the flag's value: `name@version`, or the whole value as the name. */
export function parseAddPackage(value: string, source: AddSource): AddRequest {
  const parts = value.split('@');
  return parts.length === 2 ? { name: parts[0], version: parts[1], source } : { name: value, source };
}

/** The new packages.yml entry: `package:`/`git:`/`local:` and `version:` (git: `revision:`), a range split on commas. */
export function addEntry(add: AddRequest): Record<string, unknown> {
  const entry: Record<string, unknown> = { [add.source === 'hub' ? 'package' : add.source]: add.name };
  if (add.version) {
    const v = add.version.includes(',') ? add.version.split(',').map((s) => s.trim()) : add.version;
    entry[add.source === 'git' ? 'revision' : 'version'] = v;
  }
  return entry;
}

/** True when an entry names the package being added (dbt's duplicate test: the name's spellings, whole words between `/` and `.`). */
export function namesSamePackage(identifier: string, name: string): boolean {
  const variants = new Set([name, name.replace(/_/g, '-'), name.replace(/-/g, '_')]);
  if (name.includes('/')) {
    const short = name.split('/').pop()!;
    for (const v of [short, short.replace(/_/g, '-'), short.replace(/-/g, '_')]) variants.add(v);
  }
  for (const v of variants) {
    const at = identifier.indexOf(v);
    if (at === -1) continue;
    const end = at + v.length;
    if ((at === 0 || '/.'.includes(identifier[at - 1])) && (end === identifier.length || '/.'.includes(identifier[end]))) return true;
  }
  return false;
}

/** Adds the entry to `file` (creating it), replacing entries for the same package. */
export async function addPackage(file: string, add: AddRequest, log: (line: string) => void): Promise<void> {
  const created = !existsSync(file);
  // Widened from Document.Parsed: new nodes are added below.
  const doc: Document = parseDocument(created ? 'packages: []\n' : await readFile(file, 'utf8'));
  if (doc.errors.length > 0) throw depsError(`${path.basename(file)} is not valid YAML (${doc.errors[0].message.split('\n')[0]}); fix it before adding a package.`, { file });
  if (doc.contents === null || doc.contents === undefined) doc.contents = doc.createNode({ packages: [] });
  const root = doc.contents;
  if (!isMap(root)) throw depsError(`${path.basename(file)} must hold a \`packages:\` list to add a package to.`, { file });
  let list = root.get('packages', true);
  if (list === undefined || list === null) {
    root.set('packages', new YAMLSeq());
    list = root.get('packages', true);
  }
  if (!isSeq(list)) throw depsError(`\`packages:\` in ${path.basename(file)} must be a list to add a package to.`, { file });
  for (let i = list.items.length - 1; i >= 0; i--) {
    const item = list.items[i];
    if (!isMap(item)) continue;
    const id = ['package', 'git', 'local', 'tarball', 'private'].map((k) => item.get(k)).find((v) => typeof v === 'string');
    if (typeof id === 'string' && namesSamePackage(id, add.name)) {
      list.items.splice(i, 1);
      const shown = Object.fromEntries(item.items.filter((p) => isScalar(p.value) && typeof p.value.value !== 'boolean').map((p) => [String(isScalar(p.key) ? p.key.value : p.key), (p.value as { value: unknown }).value]));
      log(`Found duplicate package in ${path.basename(file)}, removing: ${JSON.stringify(shown)}`);
    }
  }
  // A flow list (`packages: []`) would keep the new entry on one line; write it as a block list.
  list.flow = false;
  list.items.push(doc.createNode(addEntry(add)));
  await writeFile(file, doc.toString());
  if (created) log(`Created ${path.basename(file)}`);
  log(`Added new package ${add.name}@${add.version ?? ''} to ${file}`);
}
