// A statement's meaningful lexemes (no whitespace/comments), with helpers to read keywords and dotted names —
// enough to recognise the statements the emulator answers itself (SHOW, DESCRIBE, USE, ALTER SESSION, …).
import { lex, type Lexeme } from '../../client/src/warehouse/snowflake-on-duckdb';

const isTrivia = (l: Lexeme): boolean => l.kind === 'ws' || l.kind === 'comment';

export interface NamePart {
  /** The identifier's value: quotes removed, `""` unescaped. */
  value: string;
  quoted: boolean;
}

export class Words {
  readonly sig: Lexeme[];

  constructor(readonly sql: string) {
    this.sig = lex(sql).filter((l) => !isTrivia(l) && !(l.kind === 'punct' && l.text === ';'));
  }

  /** Lower-cased keyword at `i`, or '' when it is not a bare word. */
  w(i: number): string {
    const l = this.sig[i];
    return l && l.kind === 'word' ? l.text.toLowerCase() : '';
  }

  is(i: number, ...words: string[]): boolean {
    return words.every((word, k) => this.w(i + k) === word);
  }

  text(i: number): string {
    return this.sig[i]?.text ?? '';
  }

  /** Index of the first occurrence of the keyword sequence at or after `from`, or -1. */
  find(from: number, ...words: string[]): number {
    for (let i = from; i < this.sig.length; i++) if (this.is(i, ...words)) return i;
    return -1;
  }

  /** Reads a dotted name at `i`: returns its parts and the index after it. */
  name(i: number): { parts: NamePart[]; next: number } {
    const parts: NamePart[] = [];
    let j = i;
    while (j < this.sig.length) {
      const l = this.sig[j];
      if (l.kind === 'word') parts.push({ value: l.text, quoted: false });
      else if (l.kind === 'quoted-identifier') parts.push({ value: l.text.slice(1, -1).replace(/""/g, '"'), quoted: true });
      else break;
      if (this.sig[j + 1]?.kind === 'punct' && this.sig[j + 1].text === '.') j += 2;
      else {
        j++;
        break;
      }
    }
    return { parts, next: j };
  }

  /** The value of a string literal at `i` ('' and \' unescaped), or undefined. */
  stringAt(i: number): string | undefined {
    const l = this.sig[i];
    if (!l) return undefined;
    if (l.kind === 'string') return l.text.slice(1, -1).replace(/''/g, "'").replace(/\\(.)/g, '$1');
    if (l.kind === 'dollar-string') return l.text.replace(/^\$[A-Za-z_0-9]*\$/, '').replace(/\$[A-Za-z_0-9]*\$$/, '');
    return undefined;
  }
}

/** How Snowflake displays an identifier: unquoted names are upper-cased. */
export function displayName(p: NamePart): string {
  return p.quoted ? p.value : p.value.toUpperCase();
}

/** Snowflake LIKE (case-insensitive in SHOW) as a RegExp. */
export function likeToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) re += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '%') re += '[\\s\\S]*';
    else if (c === '_') re += '[\\s\\S]';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'i');
}
