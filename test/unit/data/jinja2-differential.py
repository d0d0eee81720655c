#!/usr/bin/env python3
# Records what Python renders for test/unit/jinja2-differential.test.ts: Jinja2 set up as dbt sets it up
# (SandboxedEnvironment with the do and loopcontrols extensions), PyYAML's safe_dump as dbt's toyaml calls it, and
# PyYAML's safe_load as dbt reads YAML. Inputs are written here (templates by hand, the rest from seeded generators);
# the outputs are Python's. Regenerate only when the inputs change:
#   python3 test/unit/data/jinja2-differential.py   (needs python3-jinja2, python3-yaml and python3-tz)
import datetime, hashlib, itertools, json, math, os, random, re, time
import jinja2, pytz, yaml
from jinja2.sandbox import SandboxedEnvironment

HERE = os.path.dirname(os.path.abspath(__file__))
env = SandboxedEnvironment(extensions=['jinja2.ext.do', 'jinja2.ext.loopcontrols'])

def render(t, **ctx):
    try:
        return env.from_string(t).render(**ctx)
    except Exception as e:
        return 'ERROR ' + type(e).__name__

templates = json.load(open(os.path.join(HERE, 'jinja2-templates.json')))

# Whitespace control: every combination of dash markers around blocks, loops, macros, set blocks and comments.
random.seed(7)
opens, closes, eopen, eclose = ['{%', '{%-'], ['%}', '-%}'], ['{{', '{{-'], ['}}', '-}}']
spaces = ['', ' ', '\n', '  \n  ', '\n\n', ' \t\n']
whitespace = []
for n in range(300):
    o = [random.choice(opens) for _ in range(4)]
    c = [random.choice(closes) for _ in range(4)]
    w = [random.choice(spaces) for _ in range(8)]
    kind = n % 6
    if kind == 0:
        t = f"a{w[0]}{o[0]} if x {c[0]}{w[1]}A{w[2]}{o[1]} else {c[1]}{w[3]}B{w[4]}{o[2]} endif {c[2]}{w[5]}z"
    elif kind == 1:
        t = f"a{w[0]}{o[0]} for i in [1,2] {c[0]}{w[1]}{random.choice(eopen)} i {random.choice(eclose)}{w[2]}{o[1]} endfor {c[1]}{w[3]}z"
    elif kind == 2:
        t = f"{o[0]} macro m(p) {c[0]}{w[0]}<{w[1]}{random.choice(eopen)} p {random.choice(eclose)}{w[2]}>{w[3]}{o[1]} endmacro {c[1]}{w[4]}[{random.choice(eopen)} m(1) {random.choice(eclose)}]{w[5]}"
    elif kind == 3:
        t = f"a{w[0]}{o[0]} set s {c[0]}{w[1]}v{w[2]}{o[1]} endset {c[1]}{w[3]}[{{{{ s }}}}]{w[4]}"
    elif kind == 4:
        t = f"a{w[0]}{{#{random.choice(['', '-'])} c {random.choice(['', '-'])}#}}{w[1]}b{w[2]}{o[0]} do [] {c[0]}{w[3]}c"
    else:
        t = f"{w[0]}{o[0]} for i in [] {c[0]}{w[1]}x{w[2]}{o[1]} else {c[1]}{w[3]}E{w[4]}{o[2]} endfor {c[2]}{w[5]}"
    whitespace.append(t)

# toyaml: nested values of words PyYAML quotes in every way, numbers, floats, booleans and None.
words = ['abc', 'yes', '', 'a: b', 'a #b', ' x', 'x ', '-x', 'x-', '@x', "a'b", 'a"b', 'é', '1', '1.0', 'null', '~', '2024-01-01',
         'a,b', '[x]', 'x]', '#x', 'a:b', 'x:', '?x', '? x', '!x', '%x', '*x', '&x', '|x', '>x', '`x', 'a\tb', 'True', 'on', 'y',
         'n', '0x1F', '1_0', '.5', '1e3', '12:30', '=', '<<', '---', '--- x', '...', '-', '- x', '?', ':', 'a b', 'snake_case',
         'x' * 79, 'hello world', 'a\\b', '{x}', 'x{', '日本', '0', '-1', '+1', '1.5e3', '.inf', 'NaN', 'Null', 'off', 'Y',
         'x:y', 'x :y', 'http://a.b/c?d=1#e']
random.seed(9)
def value(depth=0):
    r = random.random()
    if depth > 2 or r < 0.5:
        return random.choice([random.choice(words), random.randint(-5, 1000), random.choice([0.5, 1.0, 2.0, 1e20, 1e-7, -3.0, 123.456]), None, True, False])
    if r < 0.75:
        return [value(depth + 1) for _ in range(random.randint(0, 3))]
    # Mostly string keys, and now and then a number, a bool or None next to strings that print alike ('1' and 1).
    return {random.choice(words) if random.random() < 0.8 else random.choice([1, 0, -5, 2.5, True, None]): value(depth + 1) for _ in range(random.randint(0, 3))}

def encode(v):
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, float):
        return {'float': 'nan' if math.isnan(v) else ('inf' if v == math.inf else ('-inf' if v == -math.inf else v))}
    if isinstance(v, int):
        return {'int': str(v)}
    if isinstance(v, (list, tuple)):
        return [encode(x) for x in v]
    if isinstance(v, dict):
        return {'dict': [[encode(k), encode(x)] for k, x in v.items()]}
    if isinstance(v, datetime.datetime):
        return {'datetime': str(v)}
    if isinstance(v, datetime.date):
        return {'date': str(v)}
    return {'unsupported': type(v).__name__}

dumps = []
for v in words + [value() for _ in range(600)]:
    try:
        out = yaml.safe_dump(v, sort_keys=False)
    except Exception as e:
        out = 'ERROR ' + type(e).__name__
    dumps.append({'value': encode(v), 'out': out})

# safe_load of plain scalars and small documents.
scalars = ['yes', 'No', 'on', 'OFF', 'y', 'n', 'true', 'False', 'null', '~', '', 'Null', '0755', '0o17', '0x1F', '1_000', '1e3',
           '1.0e+3', '1.5', '.5', '-.inf', '+12', '-0', '1:30', '1:30.5', '190:20:30', '2024-01-01', '2024-1-1',
           '2024-01-01 10:00:00', '2024-01-01T10:00:00Z', '2024-01-01t10:00:00.5+02:00', "'quoted'", '"dq \\t x"', '"uni \\u00e9"',
           'a #not comment', 'x # comment', "'it''s'", '"a\\nb"', '0', '00', '08', '09.5', '0b101', '-0b1', '+.5', '1.', '12e03',
           '.inf', '5.0', '-2.0', '!!str 12', '!!int "7"', '!!float 2', '[yes, 1, "x", 2.0]', '{x: on, y: [1, 2.50]}',
           '| \n  lit\n  two', '>\n  fold\n  two\n\n  p', '>-\n  a\n  b', '"multi\n  line"', 'plain\n  continued']
docs = [f'k: {s}\n' for s in scalars] + [f'- {s}\n' for s in scalars] + [
    'a: &x {b: 1, c: 2}\nd:\n  <<: *x\n  c: 3\n', 'a: &x [1,2]\nb: *x\n', 'a: 1\na: 2\n', 'a:\n  - b: 1\n    c: 2\n  -   d: 3\n',
    'a: 0.1\nb: 1e-7\nc: 6.02e+23\nd: 1.0e+16\n', 'a: 12:30:00\n', 'empty:\nnested:\n  e:\n', "key with spaces: v\n'q k': 1\n",
]
loads = []
for d in docs:
    try:
        out = encode(yaml.safe_load(d))
    except Exception as e:
        out = 'ERROR ' + type(e).__name__
    loads.append({'text': d, 'value': out})

# dbt's `modules` (dbt-core's get_context_modules) and an aware run_started_at, in a UTC process.
os.environ['TZ'] = 'UTC'
time.tzset()
modules = {
    'pytz': {n: getattr(pytz, n) for n in pytz.__all__},
    'datetime': {n: getattr(datetime, n) for n in ['date', 'datetime', 'time', 'timedelta', 'tzinfo']},
    're': {n: getattr(re, n) for n in re.__all__},
    'itertools': {n: getattr(itertools, n) for n in ['count', 'cycle', 'repeat', 'accumulate', 'chain', 'compress', 'islice', 'starmap',
                                                     'tee', 'zip_longest', 'product', 'permutations', 'combinations', 'combinations_with_replacement']},
}
run_started_at = datetime.datetime(2024, 3, 10, 6, 30, 15, 123000, tzinfo=pytz.utc)

# dbt-core 1.10's base-context members that read no project (core/dbt/context/base.py), written as dbt writes them.
def dbt_set(value, default=None):
    try:
        return set(value)
    except TypeError:
        return default
def dbt_zip(*args, default=None):
    try:
        return zip(*args)
    except TypeError:
        return default
def dbt_tojson(value, default=None, sort_keys=False):
    try:
        return json.dumps(value, sort_keys=sort_keys)
    except ValueError:
        return default
def dbt_diff_of_two_dicts(dict_a, dict_b):
    dict_diff = {}
    dict_b_lowered = {k.casefold(): [x.casefold() for x in v] for k, v in dict_b.items()}
    for k in dict_a:
        if k.casefold() in dict_b_lowered.keys():
            diff = []
            for v in dict_a[k]:
                if v.casefold() not in dict_b_lowered[k.casefold()]:
                    diff.append(v)
            if diff:
                dict_diff.update({k: diff})
        else:
            dict_diff.update({k: dict_a[k]})
    return dict_diff
def dbt_fromjson(string, default=None):
    try:
        return json.loads(string)
    except ValueError:
        return default
def dbt_fromyaml(value, default=None):
    try:
        return yaml.safe_load(value)
    except (AttributeError, ValueError, yaml.YAMLError):
        return default
def dbt_local_md5(value):
    return hashlib.md5(value.encode('utf-8')).hexdigest()
dbt_base = {
    'set': dbt_set, 'set_strict': lambda value: set(value), 'zip': dbt_zip, 'zip_strict': lambda *args: zip(*args),
    'tojson': dbt_tojson, 'diff_of_two_dicts': dbt_diff_of_two_dicts,
    'fromjson': dbt_fromjson, 'fromyaml': dbt_fromyaml, 'local_md5': dbt_local_md5,
}
module_templates = json.load(open(os.path.join(HERE, 'dbt-modules-templates.json')))

record = {
    'jinja2': jinja2.__version__,
    'pyyaml': yaml.__version__,
    'templates': [{'template': t, 'out': render(t)} for t in templates],
    'whitespace': [{'template': t, 'out': render(t, x=True)} for t in whitespace],
    'toyaml': dumps,
    'loads': loads,
    'pytz': pytz.__version__,
    'modules': [{'template': t, 'out': render(t, modules=modules, run_started_at=run_started_at, **dbt_base)} for t in module_templates],
}
with open(os.path.join(HERE, 'jinja2-differential.json'), 'w') as f:
    json.dump(record, f, ensure_ascii=False, indent=0)
    f.write('\n')
