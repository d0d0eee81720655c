// Python's textwrap.wrap as Jinja2's wordwrap filter calls it (expand_tabs=False, replace_whitespace=False, no
// indents, no max_lines): the text is cut into chunks (runs of whitespace, words, and with break_on_hyphens the
// parts of hyphenated words), and lines are filled greedily with whole chunks, whitespace dropped at line ends.

// Python's `\w` is Unicode-aware (letters, digits, `_`); textwrap's "letter" is a `\w` that is not a digit.
const WHITESPACE = '[\\t\\n\\v\\f\\r ]';
const NON_WHITESPACE = '[^\\t\\n\\v\\f\\r ]';
const WORD = '[\\p{L}\\p{N}_]';
const WORD_PUNCT = `(?:${WORD}|[!"'&.,?])`;
const LETTER = '(?:(?!\\p{Nd})[\\p{L}\\p{N}_])';

/** textwrap.TextWrapper.wordsep_re: whitespace, an em-dash between words, or a word up to a hyphen it may break at. */
const WORD_SEPARATORS = new RegExp(
  `(${WHITESPACE}+` +
    `|(?<=${WORD_PUNCT})-{2,}(?=${WORD})` +
    `|${NON_WHITESPACE}+?(?:-(?:(?<=${LETTER}{2}-)|(?<=${LETTER}-${LETTER}-))(?=${LETTER}-?${LETTER})` +
    `|(?=${WHITESPACE}|$)` +
    `|(?<=${WORD_PUNCT})(?=-{2,}${WORD})))`,
  'u',
);
const WHITESPACE_RUNS = new RegExp(`(${WHITESPACE}+)`, 'u');

export interface WrapOptions {
  width: number;
  breakLongWords: boolean;
  breakOnHyphens: boolean;
}

/** Python's `s.strip() == ''`: only characters str.isspace() accepts (JS's trim() differs: \uFEFF, \x1c-\x1f). */
const isBlank = (s: string) => /^[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/.test(s);

/** Python's textwrap.wrap(text, width, expand_tabs=False, replace_whitespace=False, …): the lines, without newlines. */
export function textWrap(text: string, options: WrapOptions): string[] {
  const { width, breakLongWords, breakOnHyphens } = options;
  if (width <= 0) throw new Error(`invalid width ${width} (must be > 0)`);
  // Python counts code points, as Array.from does.
  const len = (s: string) => Array.from(s).length;
  const chunks = text.split(breakOnHyphens ? WORD_SEPARATORS : WHITESPACE_RUNS).filter((c) => c !== '');
  // Taken from the end, as textwrap does (it reverses the list and pops).
  chunks.reverse();
  const lines: string[] = [];
  while (chunks.length) {
    const line: string[] = [];
    let used = 0;
    // Whitespace that would begin a line other than the first is dropped.
    if (lines.length && isBlank(chunks[chunks.length - 1])) chunks.pop();
    while (chunks.length && used + len(chunks[chunks.length - 1]) <= width) {
      const chunk = chunks.pop()!;
      line.push(chunk);
      used += len(chunk);
    }
    if (chunks.length && len(chunks[chunks.length - 1]) > width) {
      // A chunk longer than a whole line: cut it (at its last hyphen that fits, with break_on_hyphens), or give it a
      // line of its own.
      const room = width < 1 ? 1 : width - used;
      const chunk = Array.from(chunks[chunks.length - 1]);
      if (breakLongWords) {
        let end = room;
        if (breakOnHyphens && chunk.length > room) {
          const hyphen = chunk.slice(0, room).lastIndexOf('-');
          if (hyphen > 0 && chunk.slice(0, hyphen).some((c) => c !== '-')) end = hyphen + 1;
        }
        line.push(chunk.slice(0, end).join(''));
        chunks[chunks.length - 1] = chunk.slice(end).join('');
      } else if (!line.length) {
        line.push(chunks.pop()!);
      }
      used = line.reduce((n, c) => n + len(c), 0);
    }
    if (line.length && isBlank(line[line.length - 1])) line.pop();
    if (line.length) lines.push(line.join(''));
  }
  return lines;
}

/** Python's str.splitlines(keepends): the line boundaries it knows (\r\n one of them), no empty last line. */
export function splitLines(s: string, keepends = false): string[] {
  const lines = s.match(/[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]*(?:\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]|$)/g)!.filter((x) => x !== '');
  return keepends ? lines : lines.map((l) => l.replace(/(?:\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029])$/, ''));
}
