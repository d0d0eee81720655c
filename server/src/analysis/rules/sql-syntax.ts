// SQL syntax errors that are certain in every dialect: unclosed strings, quoted identifiers and block
// comments, unbalanced parentheses, doubled commas. Checked on the template with Jinja blanked (so the line
// and column are the model's own) and only when no control-flow tag could make the text conditional.
import type { Diagnostic } from '../../core/types';
import { tokenizeSql } from '../../core/sql/tokenize';
import { diag, textRule, type ModelFacts, type Rule } from './rule';

const HARMLESS = new Set(['set', 'do', 'endset']);

export const sqlSyntax: Rule = textRule({
  id: 'bronze/sql-syntax',
  severity: 'error',
  description: 'Certain SQL syntax errors (unclosed strings or comments, unbalanced parentheses, doubled commas).',
  text: { key: () => '', check: (f) => modelSqlSyntax(f) },
});

/** The rule on one model's text: it reads nothing else (the language server also runs it before the project loads). */
export function modelSqlSyntax(f: Pick<ModelFacts, 'file' | 'text' | 'scan' | 'lines'>): Diagnostic[] {
  if (f.scan.truncated) return [];
  if (f.scan.tags.some((t) => t.kind === 'stmt' && !HARMLESS.has(t.keyword))) return [];
  if (f.scan.tags.some((t) => t.kind === 'stmt' && t.keyword === 'set' && !/=/.test(f.text.slice(t.innerStart, t.innerEnd)))) return [];
  const lex = tokenizeSql(f.scan.masked);
  const problems = [...lex.problems];
  const toks = lex.tokens;
  for (let i = 1; i < toks.length; i++) {
    if (toks[i].text === ',' && toks[i - 1].text === ',') problems.push({ message: 'Two commas in a row: remove one, or add the missing expression', start: toks[i].start, end: toks[i].end });
  }
  problems.sort((a, b) => a.start - b.start);
  return problems.map((p) => diag(sqlSyntax, f.file, f.lines.rangeOf(p.start, p.end), `SQL syntax error: ${p.message}.`));
}
