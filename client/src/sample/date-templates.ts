// Templates of text a date is cut out of (dates-in-text.ts reads the cuts from the models' SQL): each cut between
// the column and the parser — RIGHT, LEFT, SUBSTR, REVERSE, REPLACE, SPLIT_PART, REGEXP_SUBSTR — is inverted, from
// the parser inwards, into cells of the text: literal characters, filler, and the characters of the row's time
// printed in the parsed format. Several parses of one text are laid over each other. A template is used only when
// replaying every cut on it (here, with Snowflake's documented semantics) gives back the formatted time.

/** One text function between the column and the parser, as Snowflake documents it. */
export type Cut =
  | { fn: 'right' | 'left'; n: number }
  | { fn: 'substr'; from: number; length?: number }
  | { fn: 'reverse' }
  | { fn: 'replace'; what: string; with: string }
  | { fn: 'split_part'; delimiter: string; part: number }
  | { fn: 'regexp_substr'; pattern: string; flags: string; group: number };

/** What a date is parsed from: the cuts from the parser's argument inwards, and the strftime format of the piece. */
export interface DatePiece {
  /** Outermost first: `right(replace(x, …), 19)` is [right, replace]. */
  cuts: Cut[];
  /** The format of the parsed piece, as strftime (DuckDB's) writes it. */
  format: string;
}

/** One character of a template: literal, filler of one character, filler of any length, or a character of a date. */
export type Cell = { char: string } | { free: true } | { any: true } | { slot: number; at: number };

/** A column's values: the template's cells, and each slot's strftime format (every slot prints the row's one time). */
export interface DateText {
  cells: Cell[];
  formats: string[];
  /** The filler a `{ free }` cell and an `{ any }` cell print (chosen so every cut replays). */
  free: string;
  any: string;
}

/** Fixes the template to exactly `n` characters: its first `any` takes the rest, the others none. */
function fixLength(cells: Cell[], n: number): Cell[] | undefined {
  const fixed = cells.filter((c) => !('any' in c)).length;
  const anys = cells.length - fixed;
  if (anys === 0) return fixed === n ? cells : undefined;
  if (fixed > n) return undefined;
  const out: Cell[] = [];
  let first = true;
  for (const c of cells) {
    if (!('any' in c)) out.push(c);
    else if (first) {
      first = false;
      for (let k = 0; k < n - fixed; k++) out.push({ free: true });
    }
  }
  return out;
}

const chars = (text: string): Cell[] => [...text].map((char) => ({ char }));

/** Text whose cut `cut` gives `wanted` (a template), as a template. */
function invert(cut: Cut, wanted: Cell[]): Cell[] | undefined {
  const free = (n: number): Cell[] => Array.from({ length: n }, (): Cell => ({ free: true }));
  switch (cut.fn) {
    case 'right': {
      const piece = fixLength(wanted, cut.n);
      return piece && [{ any: true }, ...piece];
    }
    case 'left': {
      const piece = fixLength(wanted, cut.n);
      return piece && [...piece, { any: true }];
    }
    case 'substr': {
      const piece = cut.length !== undefined ? fixLength(wanted, cut.length) : cut.from < 0 ? fixLength(wanted, -cut.from) : wanted;
      if (!piece) return undefined;
      if (cut.from > 0) return [...free(cut.from - 1), ...piece, ...(cut.length !== undefined ? [{ any: true } as Cell] : [])];
      // From the end: `substr(x, -k, n)` starts k characters before it.
      const after = -cut.from - piece.length;
      return after < 0 ? undefined : [{ any: true }, ...piece, ...free(after)];
    }
    case 'reverse':
      return [...wanted].reverse();
    case 'replace':
      // What the replace removes is appended (a file name's extension); what it puts in is left to the replay.
      return cut.with === '' ? [...wanted, ...chars(cut.what)] : wanted;
    case 'split_part': {
      const d = chars(cut.delimiter);
      const before = cut.part > 0 ? cut.part - 1 : 1;
      const after = cut.part > 0 ? 1 : -cut.part - 1;
      const out: Cell[] = [];
      for (let k = 0; k < before; k++) out.push({ any: true }, ...d);
      out.push(...wanted);
      for (let k = 0; k < after; k++) out.push(...d, { any: true });
      return out;
    }
    case 'regexp_substr':
      return [{ any: true }, ...wanted, { any: true }];
  }
}

/** The template of a date cut: the date's characters, then each cut inverted from the parser inwards. */
export function templateOf(cut: DatePiece, slot: number): Cell[] | undefined {
  const width = formatTime(cut.format, EXAMPLE)?.length;
  if (width === undefined) return undefined;
  let cells: Cell[] | undefined = Array.from({ length: width }, (_, at): Cell => ({ slot, at }));
  for (const c of cut.cuts) {
    cells = invert(c, cells);
    if (!cells) return undefined;
  }
  return cells;
}

const sameCell = (a: Cell, b: Cell): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Two runs of fixed cells laid over each other, aligned at their starts (or ends): filler yields to anything. */
function overlay(a: Cell[], b: Cell[], fromEnd: boolean): Cell[] | undefined {
  const n = Math.max(a.length, b.length);
  const out: Cell[] = [];
  for (let k = 0; k < n; k++) {
    const x = fromEnd ? a[a.length - n + k] : a[k];
    const y = fromEnd ? b[b.length - n + k] : b[k];
    if (!x || 'free' in x) out.push(y ?? x!);
    else if (!y || 'free' in y || sameCell(x, y)) out.push(x);
    else return undefined;
  }
  return out;
}

/** Two templates of one column as one: their fixed starts and ends laid over each other, their middles in turn. */
export function mergeTemplates(a: Cell[], b: Cell[]): Cell[] | undefined {
  const parts = (cells: Cell[]): { head: Cell[]; mid: Cell[]; tail: Cell[] } | undefined => {
    const first = cells.findIndex((c) => 'any' in c);
    if (first < 0) return undefined;
    const last = cells.findLastIndex((c) => 'any' in c);
    return { head: cells.slice(0, first), mid: cells.slice(first, last + 1), tail: cells.slice(last + 1) };
  };
  const [x, y] = [parts(a), parts(b)];
  if (!x || !y) return JSON.stringify(a) === JSON.stringify(b) ? a : undefined;
  const head = overlay(x.head, y.head, false);
  const tail = overlay(x.tail, y.tail, true);
  if (!head || !tail) return undefined;
  const mid = [...x.mid, ...y.mid].filter((c, k, all) => !('any' in c && k > 0 && 'any' in all[k - 1]));
  return [...head, ...mid, ...tail];
}

// ---- Replaying: the template printed for an example time, every cut applied as Snowflake applies it.

export const EXAMPLE = new Date(Date.UTC(2024, 2, 7, 9, 5, 2));
/** The times a template is replayed for: every digit position takes two values. */
const REPLAY_TIMES = [EXAMPLE, new Date(Date.UTC(2031, 10, 28, 23, 59, 41))];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A strftime format of fixed-width directives printed for `t` (UTC); undefined for any other directive. */
export function formatTime(format: string, t: Date): string | undefined {
  const two = (n: number): string => String(n).padStart(2, '0');
  let out = '';
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== '%') {
      out += format[i];
      continue;
    }
    const d = format[++i];
    const h = t.getUTCHours();
    const printed: Record<string, string> = {
      Y: String(t.getUTCFullYear()).padStart(4, '0'),
      y: two(t.getUTCFullYear() % 100),
      m: two(t.getUTCMonth() + 1),
      d: two(t.getUTCDate()),
      H: two(h),
      I: two(h % 12 === 0 ? 12 : h % 12),
      M: two(t.getUTCMinutes()),
      S: two(t.getUTCSeconds()),
      b: MONTHS[t.getUTCMonth()],
      p: h < 12 ? 'AM' : 'PM',
      '%': '%',
    };
    if (!(d in printed)) return undefined;
    out += printed[d];
  }
  return out;
}

/** The text of a template for time `t`. */
export function printTemplate(text: Pick<DateText, 'cells' | 'formats' | 'free' | 'any'>, t: Date): string | undefined {
  const printed = text.formats.map((f) => formatTime(f, t));
  let out = '';
  for (const c of text.cells) {
    if ('char' in c) out += c.char;
    else if ('free' in c) out += text.free;
    else if ('any' in c) out += text.any;
    else {
      const p = printed[c.slot];
      if (p === undefined) return undefined;
      out += p[c.at];
    }
  }
  return out;
}

/**
 * One cut as Snowflake applies it; undefined for NULL. SUBSTR's negative start counts from the end
 * (https://docs.snowflake.com/en/sql-reference/functions/substr), SPLIT_PART's negative part too and a part past the
 * last is '' (https://docs.snowflake.com/en/sql-reference/functions/split_part), REGEXP_SUBSTR's `e` parameter
 * extracts group 1 unless a group is given (https://docs.snowflake.com/en/sql-reference/functions/regexp_substr).
 */
export function applyCut(cut: Cut, s: string): string | undefined {
  switch (cut.fn) {
    case 'right':
      return s.slice(Math.max(0, s.length - cut.n));
    case 'left':
      return s.slice(0, cut.n);
    case 'substr': {
      const start = cut.from > 0 ? cut.from - 1 : Math.max(0, s.length + cut.from);
      return cut.length === undefined ? s.slice(start) : s.slice(start, start + cut.length);
    }
    case 'reverse':
      return [...s].reverse().join('');
    case 'replace':
      return s.split(cut.what).join(cut.with);
    case 'split_part': {
      const parts = s.split(cut.delimiter);
      return (cut.part > 0 ? parts[cut.part - 1] : parts[parts.length + cut.part]) ?? '';
    }
    case 'regexp_substr': {
      let re: RegExp;
      try {
        re = new RegExp(cut.pattern, cut.flags);
      } catch {
        return undefined;
      }
      return re.exec(s)?.[cut.group] ?? undefined;
    }
  }
}

/**
 * Whether each chosen cut (the others undefined), replayed on the template printed for two example times, gives
 * that time in its format.
 */
function replays(text: DateText, cuts: ReadonlyArray<DatePiece | undefined>): boolean {
  for (const t of REPLAY_TIMES) {
    const value = printTemplate(text, t);
    if (value === undefined) return false;
    for (const cut of cuts) {
      if (!cut) continue;
      let piece: string | undefined = value;
      for (const c of [...cut.cuts].reverse()) piece = piece === undefined ? undefined : applyCut(c, piece);
      if (piece !== formatTime(cut.format, t)) return false;
    }
  }
  return true;
}

/**
 * The template for a column's values from the dates its readers cut out of it: all of them laid over each other
 * when that replays, else the first that replays alone; undefined when none does. `words` are fillers to try for
 * text of any length (a table's name: the values read like its files).
 */
export function dateTextFor(cuts: readonly DatePiece[], words: readonly string[], accept?: (value: string) => boolean): DateText | undefined {
  const templates = cuts.map((c, slot) => templateOf(c, slot));
  const attempt = (chosen: number[]): DateText | undefined => {
    let cells: Cell[] | undefined = templates[chosen[0]];
    for (const k of chosen.slice(1)) cells = cells && templates[k] ? mergeTemplates(cells, templates[k]!) : undefined;
    if (!cells) return undefined;
    const formats = cuts.map((c, k) => (chosen.includes(k) ? c.format : ''));
    const checked = cuts.map((c, k) => (chosen.includes(k) ? c : undefined));
    for (const any of [...words, 'file_', 'file']) {
      for (const free of ['_', '-', 'x']) {
        const text: DateText = { cells, formats, free, any };
        if (replays(text, checked) && (!accept || REPLAY_TIMES.every((t) => accept(printTemplate(text, t) ?? '')))) return text;
      }
    }
    return undefined;
  };
  const usable = templates.flatMap((t, k) => (t ? [k] : []));
  if (usable.length === 0) return undefined;
  return attempt(usable) ?? usable.map((k) => attempt([k])).find((t) => t !== undefined);
}

/** The SQL (DuckDB) of a template's text for the timestamp expression `time`. */
export function dateTextSql(text: DateText, time: string): string {
  const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;
  const parts: string[] = [];
  let literal = '';
  const cells = text.cells;
  for (let k = 0; k < cells.length; ) {
    const c = cells[k];
    if (!('slot' in c)) {
      literal += 'char' in c ? c.char : 'free' in c ? text.free : text.any;
      k++;
      continue;
    }
    if (literal) parts.push(quote(literal));
    literal = '';
    // A run of one slot's characters in order (or reversed, after a REVERSE): one SUBSTR of the printed time.
    let n = 1;
    const step = (cells[k + 1] as { slot?: number; at?: number } | undefined)?.slot === c.slot && (cells[k + 1] as { at: number }).at === c.at - 1 ? -1 : 1;
    while (k + n < cells.length) {
      const next = cells[k + n];
      if (!('slot' in next) || next.slot !== c.slot || next.at !== c.at + step * n) break;
      n++;
    }
    const from = step === 1 ? c.at : c.at - n + 1;
    const piece = `substr(strftime(${time}, ${quote(text.formats[c.slot])}), ${from + 1}, ${n})`;
    parts.push(step === 1 ? piece : `reverse(${piece})`);
    k += n;
  }
  if (literal) parts.push(quote(literal));
  return parts.length === 0 ? "''" : `(${parts.join(' || ')})`;
}
