// Snowflake's REGEXP_* functions on DuckDB (both RE2-style). Snowflake's parameters string (c, i, m, s, e) becomes
// inline flags on the pattern; occurrence/position become list indexing over all matches of the substring, so a
// missing match is NULL as in Snowflake (DuckDB's regexp_extract would give '').
import { literalValue, type Arg, type Handler, type HandlerContext, type Template } from './template';
import { UnsupportedOnDuckDb } from './unsupported';

interface Params {
  flags: string;
  extract: boolean;
}

function readParams(arg: Arg | undefined, ctx: HandlerContext, fn: string): Params {
  if (!arg) return { flags: '', extract: false };
  const text = literalValue(arg);
  if (text === undefined) throw new UnsupportedOnDuckDb(`${fn} with parameters that are not a string literal`, ctx.at);
  let i = false;
  let m = false;
  let s = false;
  let extract = false;
  for (const ch of text) {
    if (ch === 'i') i = true;
    else if (ch === 'c') i = false;
    else if (ch === 'm') m = true;
    else if (ch === 's') s = true;
    else if (ch === 'e') extract = true;
    else throw new UnsupportedOnDuckDb(`${fn} parameter '${ch}'`, ctx.at);
  }
  const flags = (i ? 'i' : '') + (m ? 'm' : '') + (s ? 's' : '');
  return { flags: flags ? `(?${flags})` : '', extract };
}

/** The pattern with the inline flags in front. */
const pattern = (argIndex: number, p: Params): Template => (p.flags ? [`('${p.flags}' || `, argIndex, ')'] : [argIndex]);

/** A literal non-negative integer argument's value; undefined for an absent argument; throws for an expression. */
function intArg(args: Arg[], i: number, ctx: HandlerContext, what: string): number | undefined {
  const a = args[i];
  if (!a) return undefined;
  if (a.sig.length === 1 && a.sig[0].kind === 'number' && /^\d+$/.test(a.sig[0].text)) return Number(a.sig[0].text);
  throw new UnsupportedOnDuckDb(`${what} given by an expression`, ctx.at);
}

/** The subject from `position` on (1-based). */
const subject = (position: number | undefined): Template => (position && position > 1 ? ['substr(', 0, `, ${position})`] : [0]);

export const regexpLike: Handler = (args, ctx) => {
  if (args.length < 2 || args.length > 3) return null;
  const p = readParams(args[2], ctx, 'REGEXP_LIKE');
  return ['regexp_full_match(', 0, ', ', ...pattern(1, p), ')'];
};

export const regexpReplace: Handler = (args, ctx) => {
  if (args.length < 2 || args.length > 6) return null;
  // DuckDB's own form (options string 4th, e.g. a translated call seen again): leave it.
  if (args.length === 4 && literalValue(args[3]) !== undefined) return null;
  const position = intArg(args, 3, ctx, 'REGEXP_REPLACE position') ?? 1;
  const occurrence = intArg(args, 4, ctx, 'REGEXP_REPLACE occurrence') ?? 0;
  const p = readParams(args[5], ctx, 'REGEXP_REPLACE');
  if (position < 1) throw new UnsupportedOnDuckDb('REGEXP_REPLACE with position 0', ctx.at);
  if (occurrence > 1) throw new UnsupportedOnDuckDb('REGEXP_REPLACE of one occurrence after the first', ctx.at);
  const replacement: Template = args[2] ? [2] : ["''"];
  const replaced: Template = ['regexp_replace(', ...subject(position), ', ', ...pattern(1, p), ', ', ...replacement, occurrence === 0 ? ", 'g')" : ')'];
  return position > 1 ? ['(substr(', 0, `, 1, ${position - 1}) || `, ...replaced, ')'] : replaced;
};

export const regexpSubstr: Handler = (args, ctx) => {
  if (args.length < 2 || args.length > 6) return null;
  const position = intArg(args, 2, ctx, 'REGEXP_SUBSTR position') ?? 1;
  const occurrence = intArg(args, 3, ctx, 'REGEXP_SUBSTR occurrence') ?? 1;
  const p = readParams(args[4], ctx, 'REGEXP_SUBSTR');
  const group = intArg(args, 5, ctx, 'REGEXP_SUBSTR group') ?? (p.extract ? 1 : 0);
  if (position < 1 || occurrence < 1) throw new UnsupportedOnDuckDb('REGEXP_SUBSTR with position or occurrence 0', ctx.at);
  return ['regexp_extract_all(', ...subject(position), ', ', ...pattern(1, p), `, ${group})[${occurrence}]`];
};

export const regexpCount: Handler = (args, ctx) => {
  if (args.length < 2 || args.length > 4) return null;
  const position = intArg(args, 2, ctx, 'REGEXP_COUNT position') ?? 1;
  const p = readParams(args[3], ctx, 'REGEXP_COUNT');
  if (position < 1) throw new UnsupportedOnDuckDb('REGEXP_COUNT with position 0', ctx.at);
  return ['len(regexp_extract_all(', ...subject(position), ', ', ...pattern(1, p), '))'];
};
