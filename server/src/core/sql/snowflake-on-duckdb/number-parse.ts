// TO_NUMBER / TO_DECIMAL / TRY_TO_NUMBER with a literal format model: the text is checked against the model and
// read as a number. Decimal models ('9,999.99', '$99.0', 'S999', 'TM9') accept the digits they have room for (at
// least one integer digit, and one for each 0 element), the group separators where the model has them (or none), the
// currency sign the model has, and the sign where the model places it, with blanks after a leading one ('- 0.1');
// hexadecimal models ('XXX') read up to that many hex digits; 'a|b' tries each model in turn.
// Text that fits no model is Snowflake's "Can't parse" error (NULL for TRY_).
import { quote } from './template';

/** A SQL condition on `t` (the trimmed text) and the SQL that reads it as a number string, per model. */
interface Model {
  accepts: string;
  text: string;
}

function decimalModel(model: string): Model | undefined {
  const m = /^(FM)?(S|MI)?(\$)?(S|MI)?([09,]*)(?:[.D]([09]*))?(S|MI)?$/i.exec(model);
  if (!m) return undefined;
  const intPattern = m[5].replace(/,/g, '');
  const fracPattern = m[6] ?? '';
  const point = m[6] !== undefined;
  // Without B a number needs a digit in its integer part (https://docs.snowflake.com/en/sql-reference/sql-format-models:
  // "Use B to allow matching numbers with no digits in the integer part"); a model with none is not read here.
  if (!intPattern || m[5].startsWith(',') || m[5].endsWith(',') || m[5].includes(',,')) return undefined;
  // Lax mode still requires a digit for every 0 element: from the first 0 on in the integer part, up to the last 0 in
  // the fraction.
  const firstZero = intPattern.indexOf('0');
  const minInt = Math.max(1, firstZero < 0 ? 0 : intPattern.length - firstZero);
  const minFrac = fracPattern.lastIndexOf('0') + 1;
  const trailingSign = m[7] !== undefined;
  // Group separators are optional, but where the text has them the digit counts between them are the model's.
  const groups = m[5].split(',').map((g) => g.length);
  const grouped: string[] = [];
  for (let j = 0; j < groups.length - 1; j++) {
    grouped.push(`[0-9]{1,${groups[j]}}` + groups.slice(j + 1).map((g) => `,[0-9]{${g}}`).join(''));
  }
  const int = `(?:[0-9]+${grouped.map((g) => `|${g}`).join('')})`;
  const frac = !point ? '' : minFrac > 0 ? `\\.[0-9]{${minFrac},${fracPattern.length}}` : `(?:\\.[0-9]{0,${fracPattern.length}})?`;
  // The sign where the model puts it: before the digits (blanks may follow it), or after them for a trailing S / MI.
  const pattern = `${trailingSign ? '' : '[+-]?\\s*'}${m[3] ? '\\$' : ''}${int}${frac}${trailingSign ? '[+-]?' : ''}`;
  const cleaned = `replace(replace(replace(t, '$', ''), ',', ''), ' ', '')`;
  const trailing = `regexp_replace(${cleaned}, '^(.*)([+-])$', '\\2\\1')`;
  const digits = `length(regexp_replace(split_part(${trailing}, '.', 1), '[^0-9]', '', 'g'))`;
  return {
    accepts: `(regexp_full_match(t, ${quote(pattern)}) AND ${digits} BETWEEN ${minInt} AND ${intPattern.length})`,
    text: trailing,
  };
}

function hexModel(model: string): Model | undefined {
  if (!/^0?X+$/i.test(model)) return undefined;
  return { accepts: `regexp_full_match(t, '[0-9A-Fa-f]{1,${model.length}}')`, text: `CAST(CAST('0x' || t AS BIGINT) AS VARCHAR)` };
}

/**
 * The SQL for TO_NUMBER(x, model [, p, s]) — `value` stands for the argument — or undefined when the model has
 * elements this reading does not cover.
 */
export function parseNumberSql(value: string, model: string, precision: string, scale: string, tryIt: boolean): string | undefined {
  if (/^TM9$/i.test(model) || /^TME$/i.test(model)) {
    // Text-minimal: any number, a sign possibly apart from its digits ('- 0.1').
    return `${tryIt ? 'TRY_CAST' : 'CAST'}(replace(trim(CAST(${value} AS VARCHAR)), ' ', '') AS DECIMAL(${precision},${scale}))`;
  }
  const models: Model[] = [];
  for (const alt of model.split('|')) {
    const m = hexModel(alt) ?? decimalModel(alt);
    if (!m) return undefined;
    models.push(m);
  }
  const failed = tryIt
    ? 'NULL'
    : `'Can''t parse ''' || t || ''' as number with format ' || ${quote(quote(model))}`;
  const pick = `CASE ${models.map((m) => `WHEN ${m.accepts} THEN ${m.text}`).join(' ')} ELSE ${failed} END`;
  const cast = tryIt ? 'TRY_CAST' : 'CAST';
  return `list_transform([trim(CAST(${value} AS VARCHAR))], t -> ${cast}(${pick} AS DECIMAL(${precision},${scale})))[1]`;
}
