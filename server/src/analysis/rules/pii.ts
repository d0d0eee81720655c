// Columns that look personal (email, names, phone, address, IP, …) must carry a `pii` tag or a meta
// classification in schema.yml, so that masking policies and audits can find them.
import type { ColumnInfo, Diagnostic } from '../../core/types';
import { brokenFileForModel, mentions } from '../../project/broken-yaml';
import { columnKey } from '../columns';
import { addPiiTagFix } from '../yaml-edits';
import { diag, type Rule, type RuleContext } from './rule';

const PII_NAMES = [
  /(^|_)e_?mail(_address)?($|_)/,
  /(^|_)user_?name($|_)/,
  /(^|_)(full|first|last|middle|given|family|display)_?name($|_)/,
  /(^|_)(phone|mobile|telephone|fax)(_number|_no)?($|_)/,
  /(^|_)(street_)?address($|_)/,
  /(^|_)(ip|ipv4|ipv6)(_address|_addr)?($|_)/,
  /(^|_)(ssn|social_security(_number)?|passport(_number)?|national_id|tax_id)($|_)/,
  /(^|_)(date_of_birth|birth_?date|dob)($|_)/,
  /(^|_)(credit_card|card_number|iban)($|_)/,
];
/** Names that contain a PII word but describe something else (a count, a flag, a type). */
const NOT_PII = /(^(is|has)_)|(_(count|cnt|flag|verified|domain|type|status|format|valid|hash(ed)?|masked|id|key))$/;

// Column names repeat across a project's models (id, updated_at, …): each is tested against the ten patterns once.
const PERSONAL = new Map<string, boolean>();
const PERSONAL_KEPT = 20_000;

export function looksPersonal(column: string): boolean {
  let personal = PERSONAL.get(column);
  if (personal === undefined) {
    const c = column.toLowerCase();
    personal = !NOT_PII.test(c) && PII_NAMES.some((re) => re.test(c));
    if (PERSONAL.size >= PERSONAL_KEPT) PERSONAL.clear();
    PERSONAL.set(column, personal);
  }
  return personal;
}

export function isClassified(col: ColumnInfo): boolean {
  if (col.tags.some((t) => /^pii$|^personal|^sensitive/i.test(t))) return true;
  const meta = col.meta ?? {};
  for (const [k, v] of Object.entries(meta)) {
    if (/^(pii|contains_pii|is_pii|personal_data|gdpr)$/i.test(k) && v !== false && v !== null && v !== undefined) return true;
    if (/classification|sensitivity|data_class|privacy/i.test(k) && typeof v === 'string' && v.trim() !== '') return true;
  }
  return false;
}

export const piiUntagged: Rule = {
  id: 'bronze/pii-untagged',
  severity: 'warning',
  scope: 'model',
  description: 'A column that looks personal has no pii tag or meta classification in schema.yml.',
  check(ctx: RuleContext): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const f of ctx.models) {
      // A broken file that describes the model may hold the column's tags on a line that does not parse.
      const broken = brokenFileForModel(ctx.brokenSchemas, f.node);
      const declared = new Map(Object.values(f.node.columns).map((c) => [columnKey(c.name, c.quote === true), c]));
      for (const col of declared.values()) {
        if (!looksPersonal(col.name) || isClassified(col)) continue;
        const loc = col.location ?? f.node.patchLocation ?? f.node.location;
        if (broken && mentions(broken.text, col.name)) {
          ctx.unresolved(f, `column '${col.name}'`, broken, loc);
          continue;
        }
        const fix = addPiiTagFix(ctx, col);
        out.push(
          diag(piiUntagged, loc.file, loc.range, `Column '${col.name}' of model '${f.node.name}' looks like personal data but is not classified. Add tags: ['pii'] (or meta: {classification: pii}) to it in schema.yml.`, fix ? [fix] : undefined),
        );
      }
      for (const c of f.columns().columns) {
        if (c.start === undefined || c.end === undefined || !looksPersonal(c.name) || declared.has(columnKey(c.name, c.quoted))) continue;
        if (broken && mentions(broken.text, c.name)) {
          ctx.unresolved(f, `column '${c.name}'`, broken, { file: f.file, range: f.lines.rangeOf(c.start, c.end) });
          continue;
        }
        out.push(
          diag(
            piiUntagged,
            f.file,
            f.lines.rangeOf(c.start, c.end),
            `Column '${c.name}' looks like personal data but is not classified. Document it under model '${f.node.name}' in schema.yml with tags: ['pii'].`,
          ),
        );
      }
    }
    return out;
  },
};
