// DuckDB expands a macro by copying its argument's expression to every place the body names the parameter, and
// binds each copy. The date functions that keep their argument's type dispatch on it (type-dispatch.ts: one body per
// type, each naming the argument), so nested calls multiply: DATEADD(month, 1, LAST_DAY(DATEADD(month, 2,
// DATE_TRUNC('quarter', DATEADD(month, -1, d))))) bound tens of thousands of copies of `d` — mattermost's
// arr_transactions planned for over 20 minutes. A macro made here binds that argument once: the body becomes
// `<name>__once`, applied by a lambda to the only element of a one-element list, so the argument is one expression
// and the body's copies name the lambda's parameter, whose type is the argument's (typeof() still folds while
// binding). DuckDB's optimizer leaves a lambda's body as written, so this is for bodies whose cost is the nesting,
// not for the casts to VARCHAR every model has (bz_varchar stays folded).
// The arithmetic that Snowflake types by the operands' scales (bz_quot, bz_prod: quotient.ts, product.ts) and
// COALESCE's number mix (bz_number_mix) name each operand in every field and key: a chain of select-list aliases each
// multiplying or dividing the one before (mattermost's funnel_opportunity) planned for over ten minutes. Two operands
// are packed into one struct, the list's only element, so an aggregate or window operand stays outside the lambda
// (DuckDB refuses one inside) and each is bound once; their types still fold. bz_number_mix's flag k stays as written:
// a value read out of the struct is no longer a constant, and the struct key it chooses must be one.
// TO_DATE / TRY_TO_DATE of text (date-formats.ts) name their argument in every form they try (an integer, RFC text, a
// date) and through TO_TIMESTAMP's: about eleven copies, each of them the full argument. The usual argument is a JSON
// path read as text (`TRY_TO_DATE(v:dob::string)`), itself a macro with a body per type; with select-list aliases
// naming the result again (low6's users staging: a birth date read in twenty-five CASE branches) one view took
// minutes to plan, and every view over it as long again.
// A value put in a VARIANT (bz_to_variant, variant-float.ts) names it about ten times to keep a FLOAT's type; an
// OBJECT_CONSTRUCT value that is itself an OBJECT_CONSTRUCT, cast to VARCHAR, planned for minutes (a 36 MB plan).

/** Macros (shims.ts definitions) whose arguments are bound once: those parameters' names. */
export const BIND_ONCE: ReadonlyMap<string, readonly string[]> = new Map([
  ['bz_dateadd', ['x']],
  ['bz_timeadd', ['x']],
  ['bz_date_trunc', ['x']],
  ['bz_add_months', ['x']],
  ['bz_quot', ['a', 'b']],
  ['bz_prod', ['a', 'b']],
  ['bz_number_mix', ['x']],
  ['bz_case_number', ['x']],
  ['bz_to_date', ['x']],
  ['bz_try_to_date', ['x']],
  ['bz_to_variant', ['x']],
  // LIKE's subject when it is a call (translate.ts likeSubjectAsText): bz_like_text names it in each type's branch.
  ['bz_like_text_call', ['x']],
  // A path read keyed by PARTITION BY is named three times by the check (json-functions.ts, variant-grouping.ts).
  ['bz_variant_group_json', ['x']],
]);

const DEFINITION = /^(\w+)\(([\w\s,]*)\) AS ([\s\S]*)$/;

/**
 * `name(…, x, …) AS body` as two definitions: `name__once(…) AS body`, and `name` calling it with x bound once (with
 * several parameters, a struct of them). Only for a single untyped definition (DuckDB chooses typed overloads by the
 * argument's type before binding the body).
 */
export function bindingArgumentOnce(definition: string, once: readonly string[]): string[] {
  const m = DEFINITION.exec(definition);
  const params = m ? m[2].split(',').map((p) => p.trim()) : [];
  if (!m || !params.every((p) => /^\w+$/.test(p)) || !once.length || !once.every((p) => params.includes(p)) || /,\s*\([\w\s,]*\)\s+AS\s/.test(m[3])) {
    throw new Error(`bind-once: not a single untyped macro of ${once.join(', ')}: ${definition.slice(0, 80)}`);
  }
  const name = m[1];
  // Named after the macro: a body calling another such macro on it nests two lambdas. `lambda v:` rather than
  // `v ->`, which DuckDB also tries as JSON's `->` and then reports both binding errors in one message, hiding the one
  // the layer reads (an alias in GROUP BY: group-by-alias.ts).
  const v = `bz_once_${name.replace(/^bz_/, '')}`;
  const [param] = once;
  const single = once.length === 1;
  const call = params.map((p) => (!once.includes(p) ? p : single ? v : `${v}.${p}`)).join(', ');
  const list = single ? param : `{${once.map((p) => `'${p}': ${p}`).join(', ')}}`;
  return [`${name}__once(${params.join(', ')}) AS ${m[3]}`, `${name}(${params.join(', ')}) AS list_transform([${list}], lambda ${v}: ${name}__once(${call}))[1]`];
}

/** The macro a definition defines. */
export const macroName = (definition: string): string | undefined => /^(\w+)\(/.exec(definition)?.[1];
