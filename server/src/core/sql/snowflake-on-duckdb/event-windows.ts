// CONDITIONAL_TRUE_EVENT(expr) OVER ([PARTITION BY …] ORDER BY …) (docs.snowflake.com/en/sql-reference/functions/
// conditional_true_event): per row, how many rows of its partition up to and including it, in the window's order,
// have a TRUE expr (NULL is not TRUE); the first example gives rows tied on the ORDER BY key consecutive numbers
// (13 → 1, 13 → 2), so the count runs over a ROWS frame, never RANGE's peer groups. CONDITIONAL_CHANGE_EVENT is,
// by its page, CONDITIONAL_TRUE_EVENT(expr != LAG(expr) OVER w) OVER w: a window function inside a window
// function's argument, which DuckDB cannot run; it is refused by name, as a LAG or LEAD inside the argument is.
import { isWord, type Handler, type HandlerContext, type Piece } from './template';
import { UnsupportedOnDuckDb } from './unsupported';

const ROWS_FRAME = ' ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW';

/** The OVER clause with the running ROWS frame added; refuses a named window, one without ORDER BY or with a frame. */
function runningWindow(over: Piece[], fn: string, ctx: HandlerContext): Piece[] {
  const last = over[over.length - 1];
  if (last?.text.trim() !== ')') throw new UnsupportedOnDuckDb(`${fn} over a named window`, ctx.at);
  // The clause's words at its own parenthesis depth (strings and nested calls left out).
  const words: string[] = [];
  let depth = 0;
  for (const p of over) {
    for (const token of p.text.replace(/'(?:[^']|'')*'/g, "''").match(/[()]|[A-Za-z_]+/g) ?? []) {
      if (token === '(') depth++;
      else if (token === ')') depth--;
      else if (depth === 1) words.push(token.toLowerCase());
    }
  }
  if (!words.includes('order')) throw new UnsupportedOnDuckDb(`${fn} without ORDER BY in its OVER clause`, ctx.at);
  if (words.includes('rows') || words.includes('range') || words.includes('groups')) {
    throw new UnsupportedOnDuckDb(`${fn} with a window frame`, ctx.at);
  }
  return [...over.slice(0, -1), { text: ROWS_FRAME, src: last.src, exact: false }, last];
}

const conditionalTrueEvent: Handler = (args, ctx) => {
  if (args.length !== 1) return null;
  if (args[0].sig.some((l) => isWord(l, 'over'))) {
    throw new UnsupportedOnDuckDb('CONDITIONAL_TRUE_EVENT of an expression holding a window function (LAG, LEAD)', ctx.at);
  }
  const over = ctx.window();
  // Without OVER Snowflake rejects the call; DuckDB's "no such function" says so, located.
  if (!over.length) return null;
  return ['CAST(count_if(CAST(', 0, ' AS BOOLEAN)) ', runningWindow(over, 'CONDITIONAL_TRUE_EVENT', ctx), ' AS BIGINT)'];
};

export const EVENT_WINDOW_HANDLERS: Record<string, Handler> = {
  conditional_true_event: conditionalTrueEvent,
  conditional_change_event: (_args, ctx) => {
    throw new UnsupportedOnDuckDb('CONDITIONAL_CHANGE_EVENT (Snowflake computes it as CONDITIONAL_TRUE_EVENT(x != LAG(x) OVER w) OVER w; DuckDB cannot nest window functions)', ctx.at);
  },
};
