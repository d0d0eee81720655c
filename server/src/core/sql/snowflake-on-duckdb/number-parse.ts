// TO_NUMBER / TO_DECIMAL / TRY_TO_NUMBER with a literal format model: the text is checked against the model and
// read as a number. Decimal models ('9,999.99', '$99.0', 'S999', 'TM9') accept the digits they have room for, the
// group separators where the model has them (or none), the currency sign the model has and a sign with blanks before
// the digits ('- 0.1'); hexadecimal models ('XXX') read up to that many hex digits; 'a|b' tries each model in turn.
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
  const intDigits = m[5].replace(/,/g, '').length;
  const fracDigits = (m[6] ?? '').length;
  if (!intDigits && !fracDigits) return undefined;
  const dollar = m[3] ? '\\$?' : '';
  const group = m[5].includes(',') ? ',?' : '';
  // Digits with optional separators, up to the model's count (checked once the separators are gone).
  const pattern = `[+-]?\\s*${dollar}[0-9${group ? ',' : ''}]*(\\.[0-9]{0,${fracDigits}})?[+-]?`;
  const cleaned = `replace(replace(replace(t, '$', ''), ',', ''), ' ', '')`;
  const trailing = `regexp_replace(${cleaned}, '^(.*)([+-])$', '\\2\\1')`;
  const digits = `length(regexp_replace(split_part(${trailing}, '.', 1), '[^0-9]', '', 'g'))`;
  return {
    accepts: `(regexp_full_match(t, ${quote(pattern)}) AND ${digits} <= ${intDigits} AND regexp_matches(t, '[0-9]'))`,
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
