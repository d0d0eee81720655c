// Columns a model compares for equality (`on s.shipment_id = sc.shipment_id`) are one type to Snowflake, which
// converts text to the other side's type (a number, a time): followed back to the sources they come from, a column
// nothing types takes the type of the column it is joined with (ammodepot's shipcarton.shipid, joined with ship.id,
// a number; museum_dw's capacity entry_window_start, joined with a column a model casts to TIME: sampled as text
// words, the comparisons failed to convert them).
import { splitTopLevelCommas } from '../../../server/src/core/sql/split';
import { isTrivia, lex } from '../../../server/src/core/sql/tokenize';
import { scanJinja } from '../../../server/src/template/scan';
import type { ModelNode, ProjectModel } from '../../../server/src/core/types';
import { originOfModelColumn } from './model-alias';
import { madeUpstream } from './relationship-types';

export type SourceColumn = { sourceId: string; column: string };

export type Relation = { sourceId: string } | { modelId: string };

/** What one side of an equality is: source columns passed through, or a type a model casts it to. */
export type JoinPartner = SourceColumn | { type: string };

/**
 * The relations `{{ source(…) }}` / `{{ ref(…) }}` calls in a text name, in order. A source name the template computes
 * (`source(src_name, 'orders')`, src_name picked by a macro) is the reader's source of that table name the parse
 * resolved it to, as usage.ts sourceSites reads it.
 */
function relationsIn(project: ProjectModel, text: string, reader?: ModelNode): Relation[] {
  const found: Relation[] = [];
  for (const m of text.matchAll(/\{\{\s*source\(\s*(?:['"]([^'"]+)['"]|([A-Za-z_][\w.]*))\s*,\s*['"]([^'"]+)['"]\s*\)\s*\}\}/gi)) {
    const computed = m[1] === undefined;
    const named = computed
      ? (reader?.dependsOn.nodes ?? []).map((id) => project.sources.get(id)).filter((s) => s?.name === m[3])
      : [...project.sources.values()].filter((s) => s.sourceName === m[1] && s.name === m[3]).slice(0, 1);
    if (named.length === 1 && named[0]) found.push({ sourceId: named[0].uniqueId });
  }
  for (const m of text.matchAll(/\{\{\s*ref\(\s*(?:['"][^'"]+['"]\s*,\s*)?['"]([^'"]+)['"]\s*\)\s*\}\}/gi)) {
    const model = [...project.models.values()].find((x) => x.resourceType === 'model' && x.name === m[1]);
    if (model) found.push({ modelId: model.uniqueId });
  }
  return found;
}

/** Words that may follow a relation in FROM/JOIN and are never its alias. */
const CLAUSE_WORD = /^(where|join|left|right|inner|full|cross|on|group|order|union|limit|qualify|using|natural|having|window|minus|except|intersect|lateral)$/i;

/** The name a relation read without an alias is qualified by: the source table's identifier, or the model's name. */
function relationName(project: ProjectModel, relation: Relation): string {
  if ('modelId' in relation) return project.models.get(relation.modelId)?.name ?? '';
  const source = project.sources.get(relation.sourceId);
  return source?.relation.identifier ?? source?.name ?? '';
}

/**
 * The results of the CASE a select list names `column` (`case when … then null else r.planned end as column`), when
 * each is NULL or a qualified column (`r.planned`): the columns; undefined for any other CASE, or none.
 */
export function caseResults(body: string, column: string): Array<{ qualifier: string; column: string }> | undefined {
  const named = new RegExp(String.raw`\bend\s+(?:as\s+)?"?${column.replace(/[^\w$]/g, '')}"?(?![\w"])`, 'i').exec(body);
  if (!named) return undefined;
  const start = body.slice(0, named.index).search(/\bcase\b(?![\s\S]*\bcase\b)/i);
  if (start < 0) return undefined;
  const text = body.slice(start, named.index);
  // A nested CASE or END inside would need the nesting followed: not read.
  if (/\bend\b/i.test(text)) return undefined;
  const out: Array<{ qualifier: string; column: string }> = [];
  for (const m of text.matchAll(/\b(?:then|else)\s+([\s\S]*?)(?=\s+(?:when|else)\b|\s*$)/gi)) {
    const result = m[1].trim();
    if (/^null$/i.test(result)) continue;
    const q = /^([A-Za-z_]\w*)\.([A-Za-z_]\w*)$/.exec(result);
    if (!q) return undefined;
    out.push({ qualifier: q[1], column: q[2] });
  }
  return out.length > 0 ? out : undefined;
}

/**
 * `{{ source('a', 'b') }} x` / `{{ ref('m') }} as x`: the relation each alias of a model's template names; a CTE
 * reading one relation (`capacity as (select … from {{ ref('stg') }})`, read as `from capacity c`) stands for that
 * relation, through the body's renames and casts.
 */
export function relationAliases(project: ProjectModel, code: string, reader?: ModelNode): Map<string, { relation?: Relation; body?: string } | null> {
  const out = new Map<string, { relation?: Relation; body?: string } | null>();
  const add = (alias: string, relation: Relation | undefined, body?: string): void => {
    const key = alias.toLowerCase();
    if (/^(where|join|left|right|inner|full|cross|on|group|order|union|limit|qualify|using)$/.test(key)) return;
    // An alias used for two relations says nothing for sure (a CTE over `{{ ref('x') }} as si` read as `si` is one).
    const had = out.get(key);
    if (had && relation && JSON.stringify(had.relation) === JSON.stringify(relation)) return;
    out.set(key, out.has(key) || (!relation && body === undefined) ? null : { ...(relation ? { relation } : {}), ...(body !== undefined ? { body } : {}) });
  };
  const relationIn = (text: string): Relation[] => relationsIn(project, text, reader);
  for (const m of code.matchAll(/(\{\{\s*(?:source|ref)\([^)]*\)\s*\}\})(?:\s+(?:as\s+)?([A-Za-z_]\w*))?/gi)) {
    const [relation] = relationIn(m[1]);
    // Without an alias (`join {{ ref('opportunity') }} on opportunity.sfid = …`), the relation's own name qualifies.
    if (m[2] === undefined || CLAUSE_WORD.test(m[2])) {
      if (relation) add(relationName(project, relation), relation);
    } else add(m[2], relation);
  }
  // CTE bodies: `name as ( … )`, up to the parenthesis that closes it.
  for (const m of code.matchAll(/\b([A-Za-z_]\w*)\s+as\s*\(/gi)) {
    let depth = 1;
    let end = m.index + m[0].length;
    for (; end < code.length && depth > 0; end++) depth += code[end] === '(' ? 1 : code[end] === ')' ? -1 : 0;
    const body = code.slice(m.index + m[0].length, end - 1);
    const read = relationIn(body);
    // A UNION of other CTEs reads no relation itself (flipside_algorand's core__fact_account_asset: `both as (select …
    // from base union all select … from add_algo)`): its branches are followed to the CTEs they read (sideOf).
    if (!/^\s*select\b/i.test(body) || (read.length === 0 && unionBranches(body).length < 2)) continue;
    // Over several relations, a column is followed through the body's own qualified select item (`fs.sales_order_id`).
    for (const use of code.slice(end).matchAll(new RegExp(`\\b(?:from|join)\\s+${m[1]}\\b(?:\\s+(?:as\\s+)?([A-Za-z_]\\w*))?`, 'gi'))) {
      // Read bare (`left join renewals on renewals.id = …`), the CTE's own name qualifies its columns.
      add(use[1] === undefined || CLAUSE_WORD.test(use[1]) ? m[1] : use[1], read.length === 1 ? read[0] : undefined, body);
    }
  }
  return out;
}

/**
 * The partners each source column is compared with for equality in some model (`a.x = b.y`, each side qualified by
 * the alias of a source, a model or a CTE over one): source columns, or the type a model casts its side to; by
 * `sourceId|column` (lower case). `trace` gives the source columns a model column is passed through from.
 */
export function joinedColumns(project: ProjectModel, trace: (modelId: string, column: string) => SourceColumn[]): Map<string, JoinPartner[]> {
  const out = new Map<string, JoinPartner[]>();
  for (const model of project.models.values()) {
    if (model.resourceType !== 'model') continue;
    const aliases = relationAliases(project, model.rawCode, model);
    // The aliases where a comparison stands: an alias the model gives two relations (one per query block) is the
    // one given before it (flipside_algorand's core__dim_asset joins core__dim_block as b, then in a later branch
    // silver__asset as b).
    let scope = aliases;
    const sideOf = (alias: string, written: string, hops = 0): JoinPartner[] => {
      const read = scope.get(alias.toLowerCase());
      if (!read) return [];
      if (read.body !== undefined && hops < 3) {
        // A CTE that UNIONs branches: the column each branch hands on under that name (`select amount as planned
        // from {{ source(…) }} union all select amount as planned from …`).
        const branches = unionBranches(read.body);
        const fromBranches = branches.length > 1 ? branches.flatMap((branch) => branchSide(branch, written, hops)) : [];
        if (fromBranches.length > 0) return fromBranches;
        // A CASE the CTE names so (`case when … then null else r.planned end as renewal`): each result is the column.
        const results = caseResults(read.body, written);
        if (results) return results.flatMap((r) => sideOf(r.qualifier, r.column, hops + 1));
      }
      // Through a CTE: the column its body renames or casts.
      const origin = read.body !== undefined ? originOfModelColumn(read.body, written) : undefined;
      if (origin?.converted) return origin.castTo ? [{ type: origin.castTo.toUpperCase() }] : [];
      if (origin?.aggregate) return [];
      const column = origin?.column ?? written;
      if (!read.relation) {
        const item = read.body !== undefined && hops < 3 ? new RegExp(`(?:select|,)\\s*([A-Za-z_]\\w*)\\.${column}\\s*(?:,|\\bfrom\\b|\\bas\\s+${written}\\b)`, 'i').exec(read.body) : null;
        return item && item[1].toLowerCase() !== alias.toLowerCase() ? sideOf(item[1], column, hops + 1) : [];
      }
      return relationSide(read.relation, column);
    };
    /** A relation's column: the source's own, or what a model makes it from (a cast's type, or source columns). */
    const relationSide = (relation: Relation, column: string): JoinPartner[] => {
      if ('sourceId' in relation) return [{ sourceId: relation.sourceId, column: column.toLowerCase() }];
      const made = madeUpstream(project, relation.modelId, column);
      if (made.converted) return made.castTo ? [{ type: made.castTo.toUpperCase() }] : [];
      return trace(relation.modelId, column).map((c) => ({ sourceId: c.sourceId, column: c.column.toLowerCase() }));
    };
    /** One UNION branch's item named `written`, a plain column: read where the branch reads it. */
    const branchSide = (branch: { items: string[]; from: string }, written: string, hops: number): JoinPartner[] => {
      for (const item of branch.items) {
        const m = /^\s*(?:([A-Za-z_]\w*)\.)?([A-Za-z_]\w*)(?:\s+(?:as\s+)?([A-Za-z_]\w*))?\s*$/i.exec(item);
        if (!m || (m[3] ?? m[2]).toLowerCase() !== written.toLowerCase()) continue;
        if (m[1] !== undefined) return sideOf(m[1], m[2], hops + 1);
        const [relation, ...more] = relationsIn(project, /^\s*(\{\{[^}]*\}\})/.exec(branch.from)?.[1] ?? '', model);
        if (relation && more.length === 0) return relationSide(relation, m[2]);
        const named = /^\s*([A-Za-z_]\w*)/.exec(branch.from)?.[1];
        return named ? sideOf(named, m[2], hops + 1) : [];
      }
      return [];
    };
    const pair = (left: JoinPartner[], right: JoinPartner[]): void => {
      for (const [a, b] of [
        [left, right],
        [right, left],
      ]) {
        for (const x of a) {
          if (!('sourceId' in x)) continue;
          const key = `${x.sourceId}|${x.column}`;
          const partners = out.get(key) ?? [];
          for (const y of b) if (!partners.some((p) => JSON.stringify(p) === JSON.stringify(y))) partners.push(y);
          out.set(key, partners);
        }
      }
    };
    // `a.x = b.y`, and any comparison for (in)equality — `<>`, `!=`, `IS [NOT] DISTINCT FROM` convert alike — with
    // either name in parentheses of its own (`(o.x) is distinct from (u.y)`).
    const compared = model.rawCode.replace(/(?<![\w$])\(\s*([A-Za-z_]\w*\.[A-Za-z_]\w*)\s*\)/g, ' $1 ');
    for (const m of compared.matchAll(/\b([A-Za-z_]\w*)\.([A-Za-z_]\w*)\s*(?:=|<>|!=|\bis\s+(?:not\s+)?distinct\s+from\b)\s*([A-Za-z_]\w*)\.([A-Za-z_]\w*)\b(?!\s*[(.:])/gi)) {
      if (m[1].toLowerCase() === m[3].toLowerCase()) continue;
      const twice = aliases.get(m[1].toLowerCase()) === null || aliases.get(m[3].toLowerCase()) === null;
      scope = twice ? relationAliases(project, compared.slice(0, m.index + m[0].length), model) : aliases;
      pair(sideOf(m[1], m[2]), sideOf(m[3], m[4]));
    }
    scope = aliases;
    // The branches of a UNION each reading one ref (`select part_id, location_group_id from {{ ref('a') }} union all
    // select … from {{ ref('b') }}`): a column each hands on under one name is one column to Snowflake.
    const branches = unionBranches(model.rawCode);
    const byName = new Map<string, JoinPartner[][]>();
    for (const branch of branches) {
      const relation = /^\s*\{\{\s*ref\(\s*(?:['"][^'"]+['"]\s*,\s*)?['"]([^'"]+)['"]\s*\)\s*\}\}/.exec(branch.from)?.[1];
      const read = relation ? [...project.models.values()].find((x) => x.resourceType === 'model' && x.name === relation) : undefined;
      if (!read) continue;
      for (const item of branch.items) {
        const m = /^(?:[A-Za-z_]\w*\.)?([A-Za-z_]\w*)(?:\s+(?:as\s+)?([A-Za-z_]\w*))?$/i.exec(item.trim());
        if (!m) continue;
        const made = madeUpstream(project, read.uniqueId, m[1]);
        const side: JoinPartner[] = made.converted
          ? made.castTo
            ? [{ type: made.castTo.toUpperCase() }]
            : []
          : trace(read.uniqueId, m[1]).map((c) => ({ sourceId: c.sourceId, column: c.column.toLowerCase() }));
        const name = (m[2] ?? m[1]).toLowerCase();
        byName.set(name, [...(byName.get(name) ?? []), side]);
      }
    }
    for (const sides of byName.values()) for (let i = 1; i < sides.length; i++) pair(sides[0], sides[i]);
  }
  return out;
}

/**
 * A template without its comments (Jinja, SQL block and line comments): a word in one is no SQL of the model's. The
 * SQL comments are the SQL tokenizer's, read over the masked template (each `{{ }}` a word, each `{% %}`/`{# #}`
 * blank), so `'a--b'` or `'/* x'` in a string literal, or a quote inside a Jinja tag, starts no comment. Each comment
 * becomes one space.
 */
export function withoutComments(code: string): string {
  const scan = scanJinja(code);
  const cuts: Array<{ start: number; end: number }> = scan.tags.filter((t) => t.kind === 'comment').map((t) => ({ start: t.start, end: t.end }));
  for (const l of lex(scan.masked)) if (l.kind === 'comment') cuts.push({ start: l.start, end: l.start + l.text.length });
  cuts.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const c of cuts) {
    // A SQL comment can hold a Jinja one (`-- x {# y #}`): what an earlier cut took is not cut again.
    if (c.end <= at) continue;
    out += code.slice(at, Math.max(at, c.start)) + ' ';
    at = c.end;
  }
  return out + code.slice(at);
}

/** Where the text's UNION [ALL | DISTINCT] keywords stand (SQL words, not in a string, identifier or Jinja tag). */
function unionKeywords(text: string): Array<{ start: number; end: number }> {
  const words = lex(scanJinja(text).masked).filter((l) => !isTrivia(l));
  const out: Array<{ start: number; end: number }> = [];
  words.forEach((w, i) => {
    if (w.kind !== 'word' || w.text.toLowerCase() !== 'union') return;
    const next = words[i + 1];
    const last = next?.kind === 'word' && /^(?:all|distinct)$/i.test(next.text) ? next : w;
    out.push({ start: w.start, end: last.start + last.text.length });
  });
  return out;
}

/** The branches of the first UNION chain in a template: each one's select items and the text after its FROM. */
export function unionBranches(code: string): Array<{ items: string[]; from: string }> {
  const text = withoutComments(code);
  const cuts = unionKeywords(text);
  if (cuts.length === 0) return [];
  const pieces = cuts.map((c, i) => text.slice(i === 0 ? 0 : cuts[i - 1].end, c.start));
  pieces.push(text.slice(cuts[cuts.length - 1].end));
  return pieces.flatMap((piece, i) => {
    // The first piece ends with the first branch (its last SELECT); the others start with theirs.
    const selects = [...piece.matchAll(/\bselect\s+([\s\S]*?)\s+from\s+/gi)];
    const m = i === 0 ? selects[selects.length - 1] : selects[0];
    return m ? [{ items: splitTopLevelCommas(m[1]), from: piece.slice(m.index + m[0].length) }] : [];
  });
}
