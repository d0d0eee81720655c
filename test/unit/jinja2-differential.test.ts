// Bronze against Python, on inputs recorded with Python's outputs in data/jinja2-differential.json (made by
// data/jinja2-differential.py): Jinja2 rendering as dbt configures it, dbt's toyaml (PyYAML safe_dump) and dbt's YAML
// reading (PyYAML safe_load). Every case must give Python's output, except the few listed below with the reason
// Bronze differs; a listed case that starts to agree fails too, so the list stays true.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { JinjaEnvironment } from '../../server/src/template/index';
import { pyyamlDump } from '../../server/src/template/pyyaml-dump';
import { ArrayValue, BooleanValue, FloatValue, IntegerValue, NullValue, ObjectValue, StringValue, setDictEntry, type RV } from '../../server/src/template/values';
import { loadDbtYaml } from '../../server/src/project/yaml-dbt';
import { YamlFloat, YamlTimestamp } from '../../server/src/core/yaml-python-values';
import { staticModules } from '../../server/src/template/dbt-context';
import { runStartedAt } from '../../server/src/template/pydatetime';
import { baseContextMembers } from '../../server/src/template/dbt-base-context';

/** The dbt context members the recorder writes as dbt-core does (set and zip are every template's globals). */
function dbtFunctions(fail: (message: string) => never): Record<string, unknown> {
  const { tojson, diff_of_two_dicts, fromjson, fromyaml, local_md5 } = baseContextMembers(fail);
  return { tojson, diff_of_two_dicts, fromjson, fromyaml, local_md5 };
}

interface Encoded {
  int?: string;
  float?: number | string;
  dict?: [EncodedValue, EncodedValue][];
  date?: string;
  datetime?: string;
}
type EncodedValue = string | boolean | null | EncodedValue[] | Encoded;

const RECORD = JSON.parse(readFileSync(path.join(import.meta.dirname, 'data', 'jinja2-differential.json'), 'utf8')) as {
  templates: { template: string; out: string }[];
  whitespace: { template: string; out: string }[];
  toyaml: { value: EncodedValue; out: string }[];
  loads: { text: string; value: EncodedValue | string }[];
  modules: { template: string; out: string }[];
};

// Templates where Bronze's output differs from Jinja2's, and why.
const TEMPLATE_DIFFERENCES = new Map<string, string>([
  ['{{ self is defined }}', 'self (template blocks) does not exist in dbt templates'],
]);

// dbt's `modules` (datetime, pytz) where Bronze differs from Python, and why.
const MODULE_DIFFERENCES = new Map<string, string>([
  ["modules.pytz.timezone('Europe/Paris')).strftime('%Z')", "ICU names Europe/Paris's offset only 'GMT+1' where the tz database says CET: Bronze refuses by name"],
]);

function differenceFor(template: string, differences = TEMPLATE_DIFFERENCES): string | undefined {
  for (const [start, why] of differences) if (template.includes(start)) return why;
  return undefined;
}

function renderAll(
  cases: { template: string; out: string }[],
  globals: Record<string, unknown>,
  differences = TEMPLATE_DIFFERENCES,
): { agree: number; unexpected: string[]; listedButAgree: string[] } {
  const env = new JinjaEnvironment({ rootPackage: 'p', builtins: false });
  let agree = 0;
  const unexpected: string[] = [];
  const listedButAgree: string[] = [];
  for (const { template, out } of cases) {
    let got: string;
    try {
      got = env.render(template, 'case.sql', globals).output;
    } catch (e) {
      got = `ERROR ${(e as Error).message}`;
    }
    // Python's error type is not Bronze's message: an error must meet an error.
    const same = got === out || (got.startsWith('ERROR ') && out.startsWith('ERROR '));
    const listed = differenceFor(template, differences);
    if (same && !listed) agree++;
    else if (same && listed) listedButAgree.push(template);
    else if (!listed) unexpected.push(`${JSON.stringify(template)}\n  Jinja2: ${JSON.stringify(out)}\n  Bronze: ${JSON.stringify(got)}`);
  }
  return { agree, unexpected, listedButAgree };
}

test('templates render as Jinja2 renders them (dbt setup: do, loopcontrols, sandbox)', () => {
  const r = renderAll(RECORD.templates, {});
  assert.deepEqual(r.unexpected, []);
  assert.deepEqual(r.listedButAgree, []);
  assert.ok(r.agree >= 120, `${r.agree} of ${RECORD.templates.length} agree`);
});

test("dbt's modules.datetime and modules.pytz, and its set/zip/tojson/fromjson/local_md5/diff_of_two_dicts, give Python's values", () => {
  const fail = (message: string): never => {
    throw new Error(message);
  };
  const globals = { modules: staticModules(), run_started_at: runStartedAt(new Date(Date.UTC(2024, 2, 10, 6, 30, 15, 123))), ...dbtFunctions(fail) };
  const r = renderAll(RECORD.modules, globals, MODULE_DIFFERENCES);
  assert.deepEqual(r.unexpected, []);
  assert.deepEqual(r.listedButAgree, []);
  assert.equal(r.agree, RECORD.modules.length - MODULE_DIFFERENCES.size);
});

test('whitespace control around blocks, loops, macros, set blocks and comments is Jinja2’s', () => {
  const r = renderAll(RECORD.whitespace, { x: true });
  assert.deepEqual(r.unexpected, []);
  assert.equal(r.agree, RECORD.whitespace.length);
});

function decode(v: EncodedValue): RV {
  if (v === null) return new NullValue(null);
  if (typeof v === 'boolean') return new BooleanValue(v);
  if (typeof v === 'string') return new StringValue(v);
  if (Array.isArray(v)) return new ArrayValue(v.map(decode));
  if (v.int !== undefined) return new IntegerValue(Number(v.int));
  if (v.float !== undefined) return new FloatValue(typeof v.float === 'number' ? v.float : v.float === 'nan' ? NaN : v.float === 'inf' ? Infinity : -Infinity);
  const m = new Map<string, RV>();
  for (const [k, x] of v.dict ?? []) setDictEntry(m, decode(k), decode(x));
  return new ObjectValue(m);
}

test('toyaml gives PyYAML safe_dump’s text, or refuses by name what it does not reproduce', () => {
  let agree = 0;
  const wrong: string[] = [];
  for (const { value, out } of RECORD.toyaml) {
    let got: string;
    try {
      got = pyyamlDump(decode(value), false);
    } catch (e) {
      assert.match((e as Error).message, /^toyaml: .* is not supported by Bronze/);
      continue;
    }
    if (got === out) agree++;
    else wrong.push(`${JSON.stringify(value)}\n  PyYAML: ${JSON.stringify(out)}\n  Bronze: ${JSON.stringify(got)}`);
  }
  assert.deepEqual(wrong, []);
  assert.ok(agree >= RECORD.toyaml.length * 0.95, `${agree} of ${RECORD.toyaml.length} dumped`);
});

/** Bronze's YAML value in the recording's encoding. */
function encode(v: unknown): EncodedValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (v instanceof YamlFloat) return { float: v.value };
  if (v instanceof YamlTimestamp) return v.kind === 'date' ? { date: v.toString() } : { datetime: v.toString() };
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return { float: 'nan' };
    if (!Number.isFinite(v)) return { float: v > 0 ? 'inf' : '-inf' };
    return Number.isInteger(v) ? { int: String(v) } : { float: v };
  }
  if (Array.isArray(v)) return v.map(encode);
  return { dict: Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, encode(x)]) };
}

test('YAML reads as PyYAML safe_load reads it: types, whole floats, dates, datetimes with their offsets', () => {
  const wrong: string[] = [];
  for (const { text, value } of RECORD.loads) {
    const got = loadDbtYaml(text);
    if (typeof value === 'string' && value.startsWith('ERROR ')) {
      if (!got.problems.some((p) => p.severity === 'error')) wrong.push(`${JSON.stringify(text)}: PyYAML rejects it, Bronze reads it`);
      continue;
    }
    // dict keys PyYAML gives as ints are strings in JS objects.
    const norm = (e: EncodedValue): EncodedValue =>
      Array.isArray(e) ? e.map(norm) : e !== null && typeof e === 'object' && e.dict ? { dict: e.dict.map(([k, x]) => [typeof k === 'object' && k !== null && !Array.isArray(k) && k.int !== undefined ? k.int : k, norm(x)]) } : e;
    if (JSON.stringify(norm(encode(got.value))) !== JSON.stringify(norm(value as EncodedValue))) {
      wrong.push(`${JSON.stringify(text)}\n  PyYAML: ${JSON.stringify(value)}\n  Bronze: ${JSON.stringify(encode(got.value))}`);
    }
  }
  assert.deepEqual(wrong, []);
});
