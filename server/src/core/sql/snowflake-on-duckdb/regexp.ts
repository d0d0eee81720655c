// Snowflake's REGEXP_* functions on DuckDB (both RE2-style). Snowflake's parameters string (c, i, m, s, e) becomes
// inline flags on the pattern; occurrence/position become list indexing over all matches of the substring, so a
// missing match is NULL as in Snowflake (DuckDB's regexp_extract would give ''). Where a match's position matters
// (REGEXP_INSTR, REGEXP_REPLACE of the n-th occurrence), the pattern is scanned as `([\s\S]*?)(P)`: each match then
// carries the text since the previous one, so the text up to the n-th match is the concatenation of the first n.
import { duckDbStringLiteral } from './string-literals';
import { adjacentRepetitions, patternShape, withoutCaptures } from './regexp-pattern';
import { literalValue, quote, type Arg, type Handler, type HandlerContext, type Template } from './template';
import { refusalMessage } from './timestamp-tz';
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

/**
 * Refuses a literal pattern holding two adjacent repetition operators (`', **'`: flipside_algorand's
 * silver__nft_metadata_fifa), which POSIX ERE leaves undefined and DuckDB's RE2 rejects with a bare error.
 */
function refuseUndefinedRepetition(args: Arg[], ctx: HandlerContext, fn: string): void {
  const text = literalValue(args[1]);
  const pair = text === undefined ? undefined : adjacentRepetitions(text);
  if (pair) {
    throw new UnsupportedOnDuckDb(`${fn} with a pattern holding two adjacent repetition operators ('${pair}': POSIX ERE, whose syntax Snowflake's patterns follow, leaves it undefined)`, ctx.at);
  }
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
  refuseUndefinedRepetition(args, ctx, 'REGEXP_LIKE');
  const p = readParams(args[2], ctx, 'REGEXP_LIKE');
  return ['regexp_full_match(', 0, ', ', ...pattern(1, p), ')'];
};

export const regexpReplace: Handler = (args, ctx) => {
  if (args.length < 2 || args.length > 6) return null;
  // DuckDB's own form (options string 4th, e.g. a translated call seen again): leave it.
  if (args.length === 4 && literalValue(args[3]) !== undefined) return null;
  refuseUndefinedRepetition(args, ctx, 'REGEXP_REPLACE');
  const position = intArg(args, 3, ctx, 'REGEXP_REPLACE position') ?? 1;
  const occurrence = intArg(args, 4, ctx, 'REGEXP_REPLACE occurrence') ?? 0;
  const p = readParams(args[5], ctx, 'REGEXP_REPLACE');
  if (position < 1) throw new UnsupportedOnDuckDb('REGEXP_REPLACE with position 0', ctx.at);
  if (occurrence > 1) return replaceOccurrence(args, position, occurrence, p, ctx);
  const replacement: Template = args[2] ? [2] : ["''"];
  const replaced: Template = ['regexp_replace(', ...subject(position), ', ', ...pattern(1, p), ', ', ...replacement, occurrence === 0 ? ", 'g')" : ')'];
  return position > 1 ? ['(substr(', 0, `, 1, ${position - 1}) || `, ...replaced, ')'] : replaced;
};

export const regexpSubstr: Handler = (args, ctx) => {
  if (args.length < 2 || args.length > 6) return null;
  refuseUndefinedRepetition(args, ctx, 'REGEXP_SUBSTR');
  const position = intArg(args, 2, ctx, 'REGEXP_SUBSTR position') ?? 1;
  const occurrence = intArg(args, 3, ctx, 'REGEXP_SUBSTR occurrence') ?? 1;
  const p = readParams(args[4], ctx, 'REGEXP_SUBSTR');
  const group = intArg(args, 5, ctx, 'REGEXP_SUBSTR group') ?? (p.extract ? 1 : 0);
  if (position < 1 || occurrence < 1) throw new UnsupportedOnDuckDb('REGEXP_SUBSTR with position or occurrence 0', ctx.at);
  // list_extract, not `[n]`: a second translation pass would read `[n]` as Snowflake's 0-based element access.
  return ['list_extract(regexp_extract_all(', ...subject(position), ', ', ...pattern(1, p), `, ${group}), ${occurrence})`];
};

export const regexpCount: Handler = (args, ctx) => {
  if (args.length < 2 || args.length > 4) return null;
  refuseUndefinedRepetition(args, ctx, 'REGEXP_COUNT');
  const position = intArg(args, 2, ctx, 'REGEXP_COUNT position') ?? 1;
  const p = readParams(args[3], ctx, 'REGEXP_COUNT');
  if (position < 1) throw new UnsupportedOnDuckDb('REGEXP_COUNT with position 0', ctx.at);
  return ['len(regexp_extract_all(', ...subject(position), ', ', ...pattern(1, p), '))'];
};

/** The text since the previous match, before the match itself. */
const GAP = String.raw`([\s\S]*?)`;

/** A DuckDB string literal for a pattern Bronze built, refusing one it cannot write (a NUL). */
function patternLiteral(value: string, ctx: HandlerContext, fn: string): string {
  const lit = duckDbStringLiteral(value);
  if (lit === undefined) throw new UnsupportedOnDuckDb(`${fn} with a NUL character in the pattern`, ctx.at);
  return lit;
}

/** `GAP(P)` with the flags in front: the pattern's group N is group N + 2, the match itself group 2. */
function gapPattern(args: Arg[], p: Params, ctx: HandlerContext, fn: string): Template {
  const lit = literalValue(args[1]);
  if (lit !== undefined) return [patternLiteral(`${p.flags}${GAP}(${lit})`, ctx, fn)];
  return [`(${patternLiteral(`${p.flags}${GAP}(`, ctx, fn)} || `, 1, " || ')')"];
}

/**
 * For the n-th occurrence (n > 1): a refusal when an earlier match was empty. DuckDB steps over one character after
 * an empty match, and that character belongs to no match's text, so the positions after it would be off by one.
 */
function afterEmptyMatch(sub: Template, w: Template, occurrence: number, ctx: HandlerContext, fn: string): Template {
  if (occurrence < 2) return [];
  const refusal = quote(refusalMessage(`${fn} of an occurrence after an empty match`, ctx));
  return ['WHEN list_contains(list_slice(regexp_extract_all(', ...sub, ', ', ...w, `, 2), 1, ${occurrence - 1}), '') THEN error(${refusal}) `];
}

export const regexpInstr: Handler = (args, ctx) => {
  if (args.length < 2 || args.length > 7) return null;
  refuseUndefinedRepetition(args, ctx, 'REGEXP_INSTR');
  // A position given by an expression (Flipside's `REGEXP_INSTR(d, '[0-9]', REGEXP_INSTR(d, ':'))`): searched from
  // there as a literal one is; one below 1, which Snowflake rejects, is refused when met.
  const literalPosition = args[2] === undefined || (args[2].sig.length === 1 && args[2].sig[0].kind === 'number');
  if (!literalPosition) {
    const at: Template = ['CAST(', 2, ' AS BIGINT)'];
    const found = instrFrom(args, ctx, { sub: ['substr(', 0, ', ', ...at, ')'], offset: ['(', ...at, ' - 1)'] });
    const refusal = quote(refusalMessage('REGEXP_INSTR with a position below 1', ctx));
    return ['(CASE WHEN ', ...at, ` < 1 THEN CAST(error(${refusal}) AS BIGINT) ELSE `, ...found, ' END)'];
  }
  const position = intArg(args, 2, ctx, 'REGEXP_INSTR position') ?? 1;
  if (position < 1) throw new UnsupportedOnDuckDb('REGEXP_INSTR with position or occurrence 0', ctx.at);
  return instrFrom(args, ctx, { sub: subject(position), offset: [`${position - 1}`] });
};

/** REGEXP_INSTR over `sub`, the subject from the position on, whose first character is at `offset` + 1. */
function instrFrom(args: Arg[], ctx: HandlerContext, from: { sub: Template; offset: Template }): Template {
  const occurrence = intArg(args, 3, ctx, 'REGEXP_INSTR occurrence') ?? 1;
  const option = intArg(args, 4, ctx, 'REGEXP_INSTR option') ?? 0;
  const p = readParams(args[5], ctx, 'REGEXP_INSTR');
  const group = intArg(args, 6, ctx, 'REGEXP_INSTR group') ?? (p.extract ? 1 : 0);
  if (occurrence < 1) throw new UnsupportedOnDuckDb('REGEXP_INSTR with position or occurrence 0', ctx.at);
  if (option > 1) throw new UnsupportedOnDuckDb(`REGEXP_INSTR with option ${option}`, ctx.at);
  const { sub, offset } = from;
  if (group === 0) {
    const w = gapPattern(args, p, ctx, 'REGEXP_INSTR');
    // Option 0: the text through the previous match plus this match's gap; option 1: through this match.
    const start: Template = option === 1
      ? ['(', ...offset, ' + bz_regexp_through(', ...sub, ', ', ...w, `, ${occurrence}) + 1)`]
      : ['(', ...offset, ' + bz_regexp_through(', ...sub, ', ', ...w, `, ${occurrence - 1}) + length(list_extract(regexp_extract_all(`, ...sub, ', ', ...w, `, 1), ${occurrence})) + 1)`];
    return ['(CASE WHEN len(regexp_extract_all(', ...sub, ', ', ...w, `)) < ${occurrence} THEN 0 `, ...afterEmptyMatch(sub, w, occurrence, ctx, 'REGEXP_INSTR'), 'ELSE ', ...start, ' END)'];
  }
  // A group's start: the pattern is split where the group opens, `A(G…)`, and A captured on its own.
  const pattern = literalValue(args[1]);
  if (pattern === undefined) throw new UnsupportedOnDuckDb('REGEXP_INSTR of a group with a pattern that is not a string literal', ctx.at);
  const shape = patternShape(pattern);
  const g = shape.groups[group - 1];
  if (!g) throw new UnsupportedOnDuckDb(`REGEXP_INSTR of group ${group} (the pattern has ${shape.groups.length})`, ctx.at);
  if (g.depth > 0 || shape.topLevelAlternation) {
    throw new UnsupportedOnDuckDb('REGEXP_INSTR of a group inside another group or an alternation', ctx.at);
  }
  const w = patternLiteral(`${p.flags}${GAP}(${withoutCaptures(pattern.slice(0, g.at))})(?:${pattern.slice(g.at)})`, ctx, 'REGEXP_INSTR');
  const nth = (n: number): Template => ['length(list_extract(regexp_extract_all(', ...sub, `, ${w}, ${n}), ${occurrence}))`];
  return [
    '(CASE WHEN len(regexp_extract_all(', ...sub, `, ${w})) < ${occurrence} THEN 0 `, ...afterEmptyMatch(sub, gapPattern(args, p, ctx, 'REGEXP_INSTR'), occurrence, ctx, 'REGEXP_INSTR'),
    'ELSE (', ...offset, ' + bz_regexp_through(', ...sub, `, ${w}, ${occurrence - 1}) + `,
    ...nth(1), ' + ', ...nth(2), ...(option === 1 ? [' + ', ...nth(3)] : []), ' + 1) END)',
  ];
}

/**
 * REGEXP_REPLACE of the n-th occurrence only (n > 1): the text through the previous match, this match's gap, the
 * replacement with its back-references read from this match's groups, then the rest of the subject.
 */
function replaceOccurrence(args: Arg[], position: number, occurrence: number, p: Params, ctx: HandlerContext): Template {
  const replacement = args[2] ? literalValue(args[2]) : '';
  if (replacement === undefined) {
    throw new UnsupportedOnDuckDb('REGEXP_REPLACE of one occurrence after the first with a replacement that is not a string literal', ctx.at);
  }
  const sub = subject(position);
  const w = gapPattern(args, p, ctx, 'REGEXP_REPLACE');
  const groupText = (n: number): Template => ['list_extract(regexp_extract_all(', ...sub, ', ', ...w, `, ${n}), ${occurrence})`];
  const replaced: Template = [];
  let text = '';
  const flush = (): void => {
    if (text) replaced.push(' || ', patternLiteral(text, ctx, 'REGEXP_REPLACE'));
    text = '';
  };
  for (let i = 0; i < replacement.length; i++) {
    const ch = replacement[i];
    if (ch !== '\\') text += ch;
    else if (replacement[i + 1] === '\\') text += replacement[++i];
    else if (/[0-9]/.test(replacement[i + 1] ?? '')) {
      flush();
      replaced.push(' || ', ...groupText(Number(replacement[++i]) + 2));
    } else throw new UnsupportedOnDuckDb(`REGEXP_REPLACE with '\\${replacement[i + 1] ?? ''}' in the replacement`, ctx.at);
  }
  flush();
  const before: Template = position > 1 ? ['substr(', 0, `, 1, ${position - 1}) || `] : [];
  return [
    '(CASE WHEN len(regexp_extract_all(', ...sub, ', ', ...w, `)) < ${occurrence} THEN `, 0, ' ', ...afterEmptyMatch(sub, w, occurrence, ctx, 'REGEXP_REPLACE'), 'ELSE ', ...before,
    'bz_list_join(list_slice(regexp_extract_all(', ...sub, ', ', ...w, `), 1, ${occurrence - 1}), '') || `, ...groupText(1),
    ...replaced, ' || right(', ...sub, ', length(', ...sub, ') - bz_regexp_through(', ...sub, ', ', ...w, `, ${occurrence})) END)`,
  ];
}
