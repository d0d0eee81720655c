// dbt reads a macro file as a list of top-level blocks (`{% macro %}`, `{% materialization %}`, `{% test %}`): what
// lies between them is dropped before Jinja sees a block, so a stray end tag there (datavault4dbt 1.3.1's
// concat_ws.sql has a second `{%- endmacro -%}`) is no error in dbt. Bronze parses the whole file at once: such a
// tag is blanked first, to spaces of the same length so every offset stays valid.
import { splitTemplate } from './tags';

const TOP_LEVEL_BLOCKS = new Set(['macro', 'materialization', 'test', 'data_test']);

/** `text` with each top-level end tag that closes no open block blanked (newlines kept); `text` itself when none. */
export function withoutStrayBlockEnds(text: string): string {
  if (!text.includes('{%')) return text;
  let current: string | undefined;
  let out: string | undefined;
  for (const t of splitTemplate(text).tags) {
    if (t.kind !== 'stmt' || t.raw) continue;
    if (current === undefined && TOP_LEVEL_BLOCKS.has(t.keyword)) current = t.keyword;
    else if (current !== undefined && t.keyword === `end${current}`) current = undefined;
    else if (current === undefined && t.keyword.startsWith('end') && TOP_LEVEL_BLOCKS.has(t.keyword.slice(3))) {
      const base = out ?? text;
      out = base.slice(0, t.start) + base.slice(t.start, t.end).replace(/[^\n]/g, ' ') + base.slice(t.end);
    }
  }
  return out ?? text;
}
