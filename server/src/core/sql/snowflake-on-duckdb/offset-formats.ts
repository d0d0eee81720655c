// The UTC-offset elements of Snowflake date formats, TZH:TZM and TZHTZM: TO_CHAR prints the offset a TIMESTAMP_TZ
// carries (a TIMESTAMP_LTZ: the session time zone's at that instant), TO_TIMESTAMP_TZ parses one and keeps it. DuckDB's
// strftime has only %z, which prints the session zone's offset as +HH and knows nothing of the TIMESTAMP_TZ struct
// (timestamp-tz.ts), so the format is cut at these elements and the offset is printed on its own.
import { quote, type HandlerContext, type Template } from './template';
import { refusalMessage } from './timestamp-tz';

/** A run of format text, or an offset element printed with `separator` between hours and minutes. */
export type FormatSegment = { text: string } | { separator: string };

/**
 * `format` cut at its TZH:TZM / TZHTZM elements (text in double quotes is literal); undefined when it has none. TZH or
 * TZM alone are left in the text, where the format converter refuses them as elements it does not know.
 */
export function offsetSegments(format: string): FormatSegment[] | undefined {
  const out: FormatSegment[] = [];
  let text = '';
  let found = false;
  for (let i = 0; i < format.length; ) {
    if (format[i] === '"') {
      const close = format.indexOf('"', i + 1);
      const end = close < 0 ? format.length : close + 1;
      text += format.slice(i, end);
      i = end;
      continue;
    }
    const m = /^TZH(:?)TZM/i.exec(format.slice(i));
    if (m) {
      if (text) out.push({ text });
      text = '';
      out.push({ separator: m[1] });
      found = true;
      i += m[0].length;
      continue;
    }
    text += format[i++];
  }
  if (text) out.push({ text });
  return found ? out : undefined;
}

/**
 * TO_CHAR(x, format) for a format with offset elements: `wallclock` prints the date and time elements of each text run
 * (through `strftimeOf`, the converted run), bz_offset_text (timestamp-tz.ts) the offset of argument `i`.
 */
export function printWithOffset(segments: FormatSegment[], wallclock: Template, i: number, strftimeOf: (text: string) => string, ctx: HandlerContext): Template {
  const refusal = quote(refusalMessage('TO_CHAR with TZH/TZM of a TIMESTAMP_NTZ or DATE', ctx));
  const t: Template = ['('];
  segments.forEach((s, k) => {
    if (k) t.push(' || ');
    if ('text' in s) t.push('bz_strftime(', ...wallclock, `, ${quote(strftimeOf(s.text))})`);
    else t.push('bz_offset_text(bz_value_offset(', i, `, ${refusal}), ${quote(s.separator)})`);
  });
  t.push(')');
  return t;
}

/**
 * The format of TO_TIMESTAMP_TZ(text, format) when its one offset element ends it, that element written TZH:TZM (the
 * converter's %z, which strptime reads as +HHMM or +HH:MM); undefined for any other use of the offset elements.
 */
export function trailingOffsetFormat(format: string): string | undefined {
  const segments = offsetSegments(format);
  if (!segments || segments.filter((s) => 'separator' in s).length !== 1 || !('separator' in segments[segments.length - 1])) return undefined;
  return `${segments.map((s) => ('text' in s ? s.text : '')).join('')}TZH:TZM`;
}
