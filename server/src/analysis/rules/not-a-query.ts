// A model file whose SQL, as written, is no query: statements (INSERT, DELETE…), or nothing at all beside its
// `{% macro %}` blocks and config(). The run refuses it by name (compile/not-a-query.ts); the check says so on the
// file first. Judged only when no control-flow tag can change what the file renders.
import type { Diagnostic } from '../../core/types';
import { notAQuery, statementArticle } from '../../compile/not-a-query';
import { diag, textRule, type Rule, type TextFacts } from './rule';

/** Statement tags that leave the rendered SQL as written outside them. */
const INERT = new Set(['set', 'endset', 'do', 'macro', 'endmacro']);

export const notAQueryModel: Rule = textRule({
  id: 'bronze/incomplete-sql',
  severity: 'error',
  description: 'A model whose SQL is statements (INSERT, DELETE…) or nothing at all, not the query its materialization wraps.',
  // The model's text, and its name and resource type (TextFacts).
  text: { key: () => '', check: (f) => modelNotAQuery(f) },
});

/** The rule on one model's text. */
export function modelNotAQuery(f: TextFacts): Diagnostic[] {
  if (f.scan.truncated || f.node.resourceType !== 'model' || f.node.language === 'python') return [];
  if (f.scan.tags.some((t) => t.kind === 'stmt' && !INERT.has(t.keyword))) return [];
  // The text the run sends, as far as the template shows it: macro blocks, config() and comments print nothing.
  let text = f.scan.masked;
  const blank = (start: number, end: number): void => {
    text = text.slice(0, start) + ' '.repeat(end - start) + text.slice(end);
  };
  let macroStart = -1;
  let depth = 0;
  for (const t of f.scan.tags) {
    if (t.kind === 'comment') blank(t.start, t.end);
    else if (t.kind === 'stmt' && t.keyword === 'macro' && depth++ === 0) macroStart = t.start;
    else if (t.kind === 'stmt' && t.keyword === 'endmacro' && depth > 0 && --depth === 0) blank(macroStart, t.end);
    else if (t.kind !== 'stmt' && depth === 0 && /^config\s*\(/.test(f.text.slice(t.innerStart, t.innerEnd).trim().replace(/^-/, '').trim())) blank(t.start, t.end);
  }
  if (depth !== 0) return [];
  const what = notAQuery(text);
  if (!what) return [];
  if (what.kind === 'empty') {
    const macros = f.scan.tags.some((t) => t.kind === 'stmt' && t.keyword === 'macro');
    return [
      diag(
        notAQueryModel,
        f.file,
        f.lines.rangeOf(0, Math.min(f.text.length, f.text.indexOf('\n') < 0 ? f.text.length : f.text.indexOf('\n'))),
        `Model ${f.node.name} has no SQL (only ${macros ? '{% macro %} blocks, ' : ''}whitespace and comments): its materialization would wrap nothing, which Snowflake refuses as a syntax error.` +
          (macros ? ' dbt reads every .sql file under model-paths as a model, even one macro-paths also names: disable it (enabled: false) or move it out of model-paths.' : ''),
      ),
    ];
  }
  const end = what.offset + what.word.length;
  return [
    diag(
      notAQueryModel,
      f.file,
      f.lines.rangeOf(what.offset, end),
      `Model ${f.node.name} is ${statementArticle(what.word)} statement, not a query: a model is the SELECT its materialization wraps in create … as (…), and Snowflake refuses ${statementArticle(what.word)} there as a syntax error. Run it in a hook or an operation, or make the model a query.`,
    ),
  ];
}
