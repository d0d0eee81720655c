// ROUND(expr [, scale [, rounding_mode]]), also with named arguments (EXPR =>, SCALE =>, ROUNDING_MODE =>). DuckDB's
// round is Snowflake's default HALF_AWAY_FROM_ZERO for NUMBER and FLOAT alike and keeps a NUMBER a NUMBER at the
// given scale; HALF_TO_EVEN is that result moved one unit back toward zero when the input lay exactly half way and
// the rounded last digit is odd (DuckDB's round_even would turn a NUMBER into a DOUBLE).
import { isPunct, literalValue, type Arg, type Handler, type Template } from './template';
import { UnsupportedOnDuckDb } from './unsupported';

const NAMES = ['expr', 'scale', 'rounding_mode'];

/** The arguments in positional order, reading `name => value` ones by name; undefined for an unknown name. */
function positional(args: Arg[]): (Arg | undefined)[] | undefined {
  if (!args.some((a) => isPunct(a.sig[1], '=>'))) return args;
  const out: (Arg | undefined)[] = [];
  for (const a of args) {
    if (!isPunct(a.sig[1], '=>')) return undefined;
    const k = NAMES.indexOf(a.sig[0].text.toLowerCase());
    if (k < 0) return undefined;
    const arrow = a.pieces.findIndex((p) => p.text.trim() === '=>');
    out[k] = { from: a.from, to: a.to, sig: a.sig.slice(2), pieces: a.pieces.slice(arrow + 1) };
  }
  return out;
}

export const round: Handler = (raw, ctx) => {
  const args = positional(raw);
  if (!args || !args[0] || args.length > 3) return null;
  const value = (a: Arg | undefined): Template => (a ? [a.pieces] : ['0']);
  const mode = args[2] ? literalValue(args[2])?.toUpperCase() : 'HALF_AWAY_FROM_ZERO';
  if (mode === undefined || !['HALF_AWAY_FROM_ZERO', 'HALF_TO_EVEN'].includes(mode)) {
    throw new UnsupportedOnDuckDb('ROUND with a rounding mode other than HALF_AWAY_FROM_ZERO or HALF_TO_EVEN', ctx.at);
  }
  const rounded: Template = ['round(', ...value(args[0]), ', ', ...value(args[1]), ')'];
  if (mode === 'HALF_AWAY_FROM_ZERO') return raw === args && raw.length < 3 ? null : rounded;
  const scaleSig = args[1]?.sig ?? [];
  const negative = scaleSig.length === 2 && isPunct(scaleSig[0], '-');
  const digits = scaleSig.length === 0 ? '0' : scaleSig[scaleSig.length - 1].text;
  if (!/^\d+$/.test(digits) || scaleSig.length > (negative ? 2 : 1)) {
    throw new UnsupportedOnDuckDb('ROUND with HALF_TO_EVEN and a scale that is not an integer literal', ctx.at);
  }
  const n = (negative ? -1 : 1) * Number(digits);
  // One unit of the result's last digit, and the factor that makes the rounded value a whole number of units.
  const unit = n > 0 ? `0.${'0'.repeat(n - 1)}1` : `1${'0'.repeat(-n)}`;
  const factor = n >= 0 ? `1${'0'.repeat(n)}` : `0.${'0'.repeat(-n - 1)}1`;
  return ['bz_round_half_even(', ...value(args[0]), ', ', ...rounded, `, ${unit}, ${factor})`];
};
