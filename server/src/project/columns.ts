// Column records built from schema.yml. A 10,000-model project declares ~180,000 columns and every record lives
// as long as the project, so each one is a single object: the declaration's location is computed on first read
// (only diagnostics, hover and quick fixes read it), and columns without tags or meta share one frozen value.
import type { ColumnInfo, SourceLocation } from '../core/types';
import type { ColumnEntry } from './files';
import { editorRange, type NameLocator } from './locate';
import { isPlainObject, noFields, NO_STRINGS, stringList } from '../core/plain';

const NO_META = noFields();

// Column names, types and descriptions repeat across a project (`id`, `TIMESTAMP_NTZ`), and each parse (YAML or
// the parse cache's JSON) gives every occurrence its own string: keep one copy of each. Bounded, so a language
// server that reloads for days does not grow it without end.
const seen = new Map<string, string>();
function shared(s: string): string {
  const hit = seen.get(s);
  if (hit !== undefined) return hit;
  if (seen.size >= 50_000) seen.clear();
  seen.set(s, s);
  return s;
}

class DeclaredColumn implements ColumnInfo {
  readonly name: string;
  description: string;
  dataType: string | undefined;
  quote: boolean | undefined;
  tags: string[];
  meta: Record<string, unknown>;
  constraints: unknown[] | undefined;
  // Where the column is declared: its schema.yml and the offset of its `name:` value.
  readonly #file: string;
  readonly #locator: NameLocator;
  readonly #offset: number;
  #location: SourceLocation | undefined;

  constructor(e: ColumnEntry, file: string, locator: NameLocator, offset: number) {
    const cfg = isPlainObject(e.config) ? e.config : undefined;
    const cfgMeta = cfg && isPlainObject(cfg.meta) ? cfg.meta : undefined;
    this.name = shared(e.name);
    this.description = e.description ? shared(e.description) : '';
    this.dataType = e.data_type == null ? undefined : shared(e.data_type);
    // The entry is kept too (the loader's parse, for reloads): it holds the same copies (equal values), not one
    // `id` or `TIMESTAMP_NTZ` string per column (~4 MB over a 10,000-model project).
    e.name = this.name;
    if (e.description) e.description = this.description;
    if (this.dataType !== undefined) e.data_type = this.dataType;
    this.quote = e.quote ?? undefined;
    this.constraints = e.constraints;
    this.tags = e.tags === undefined && cfg?.tags === undefined ? NO_STRINGS : [...new Set([...stringList(e.tags), ...stringList(cfg?.tags)])];
    this.meta = cfgMeta === undefined ? (e.meta ? { ...e.meta } : NO_META) : { ...(e.meta ?? {}), ...cfgMeta };
    this.#file = file;
    this.#locator = locator;
    this.#offset = offset;
  }

  get location(): SourceLocation {
    const loc = (this.#location ??= { file: this.#file, range: this.#locator.range(this.#offset, this.name) });
    const range = editorRange(loc.file, loc.range);
    return range === loc.range ? loc : { file: loc.file, range };
  }

  /** JSON (snapshots, logs) sees a plain column record, location included. */
  toJSON(): ColumnInfo {
    return { name: this.name, description: this.description, dataType: this.dataType, quote: this.quote, tags: this.tags, meta: this.meta, ...(this.constraints ? { constraints: this.constraints } : {}), location: this.location };
  }
}

/** The column records of one schema.yml entry, in declaration order. */
export function declaredColumns(cols: readonly { entry: ColumnEntry; offset: number }[], file: string, locator: NameLocator): Record<string, ColumnInfo> {
  const out: Record<string, ColumnInfo> = {};
  for (let i = 0; i < cols.length; i++) {
    const c = cols[i];
    out[c.entry.name] = new DeclaredColumn(c.entry, file, locator, c.offset);
  }
  return out;
}
