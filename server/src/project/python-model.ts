// dbt Python models: what dbt reads from the code at parse time (dbt.ref, dbt.source, dbt.config calls with literal
// arguments, as dbt's AST walk does) and the compiled code dbt writes (the model code followed by its generated
// section defining ref/source/config/this and dbtObj). Comments and string literals never hold calls.

/** A literal argument value, as Python writes it. */
export type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

export interface PythonRef {
  name: string;
  package?: string;
  version?: string;
}

export interface PythonModelCalls {
  refs: PythonRef[];
  sources: Array<[string, string]>;
  /** Keyword arguments of dbt.config(...) calls, later calls winning. */
  config: Record<string, PyValue>;
  /** dbt.config.get(key[, default]) calls, in order: dbt puts these keys in the compiled config_dict. */
  configGets: Array<{ key: string; default: PyValue }>;
  /** Calls dbt rejects (non-literal arguments); offset into the code. */
  errors: Array<{ offset: number; message: string }>;
  /** Where each entry of `refs` and `sources` is called, in the same order: [start, end) of `dbt.ref(…)`. */
  spans: { refs: Array<[number, number]>; sources: Array<[number, number]> };
}

interface Arg {
  name?: string;
  value: PyValue;
}

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  /** Skips whitespace (newlines too: inside a call's parentheses Python joins lines) and comments. */
  skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos];
      if (c === '#') {
        while (this.pos < t.length && t[this.pos] !== '\n') this.pos++;
      } else if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || (c === '\\' && (t[this.pos + 1] === '\n' || t[this.pos + 1] === '\r'))) {
        this.pos++;
      } else break;
    }
  }

  /** A string literal starting at pos (with optional prefix), or undefined. Returns its value; f-strings as written. */
  stringAt(): string | undefined {
    const t = this.text;
    const m = /^([rRbBuUfF]{0,2})('''|"""|'|")/.exec(t.slice(this.pos, this.pos + 5));
    if (!m) return undefined;
    const raw = /r/i.test(m[1]);
    const quote = m[2];
    let i = this.pos + m[0].length;
    let out = '';
    while (i < t.length) {
      if (t.startsWith(quote, i)) {
        this.pos = i + quote.length;
        return out;
      }
      const c = t[i];
      if (c === '\n' && quote.length === 1) break;
      if (c === '\\' && i + 1 < t.length) {
        const n = t[i + 1];
        if (raw) out += c + n;
        else out += ({ n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '\n': '' } as Record<string, string>)[n] ?? c + n;
        i += 2;
        continue;
      }
      out += c;
      i++;
    }
    this.pos = i;
    return out;
  }

  value(): PyValue | undefined {
    this.skipSpace();
    const t = this.text;
    const s = this.stringAt();
    if (s !== undefined) {
      // Adjacent literals concatenate ('a' 'b' is 'ab').
      let joined = s;
      for (;;) {
        const back = this.pos;
        this.skipSpace();
        const more = this.stringAt();
        if (more === undefined) {
          this.pos = back;
          return joined;
        }
        joined += more;
      }
    }
    const num = /^-?\d+(\.\d+)?/.exec(t.slice(this.pos, this.pos + 40));
    if (num) {
      this.pos += num[0].length;
      return Number(num[0]);
    }
    for (const [word, v] of [['True', true], ['False', false], ['None', null]] as const) {
      if (t.startsWith(word, this.pos) && !/\w/.test(t[this.pos + word.length] ?? '')) {
        this.pos += word.length;
        return v;
      }
    }
    const open = t[this.pos];
    if (open === '[' || open === '(') {
      const close = open === '[' ? ']' : ')';
      this.pos++;
      const items: PyValue[] = [];
      for (;;) {
        this.skipSpace();
        if (t[this.pos] === close) {
          this.pos++;
          return items;
        }
        const v = this.value();
        if (v === undefined) return undefined;
        items.push(v);
        this.skipSpace();
        if (t[this.pos] === ',') this.pos++;
        else if (t[this.pos] !== close) return undefined;
      }
    }
    if (open === '{') {
      this.pos++;
      const obj: Record<string, PyValue> = {};
      for (;;) {
        this.skipSpace();
        if (t[this.pos] === '}') {
          this.pos++;
          return obj;
        }
        const k = this.value();
        this.skipSpace();
        if (typeof k !== 'string' || t[this.pos] !== ':') return undefined;
        this.pos++;
        const v = this.value();
        if (v === undefined) return undefined;
        obj[k] = v;
        this.skipSpace();
        if (t[this.pos] === ',') this.pos++;
        else if (t[this.pos] !== '}') return undefined;
      }
    }
    return undefined;
  }

  /** Arguments of a call whose '(' is at pos; undefined when one is not a literal. */
  args(): Arg[] | undefined {
    const t = this.text;
    this.pos++;
    const out: Arg[] = [];
    for (;;) {
      this.skipSpace();
      if (t[this.pos] === ')') {
        this.pos++;
        return out;
      }
      const kw = /^([A-Za-z_]\w*)\s*=(?!=)/.exec(t.slice(this.pos, this.pos + 200));
      let name: string | undefined;
      if (kw) {
        name = kw[1];
        this.pos += kw[0].length;
      }
      const v = this.value();
      if (v === undefined) return undefined;
      out.push({ name, value: v });
      this.skipSpace();
      if (t[this.pos] === ',') this.pos++;
      else if (t[this.pos] !== ')') return undefined;
    }
  }
}

/** Reads the dbt calls of a Python model's code as dbt's parser does. */
export function readPythonModel(code: string): PythonModelCalls {
  const out: PythonModelCalls = { refs: [], sources: [], config: {}, configGets: [], errors: [], spans: { refs: [], sources: [] } };
  const s = new Scanner(code);
  const call = /dbt\s*\.\s*(ref|source|config\s*\.\s*get|config)\s*\(/y;
  while (s.pos < code.length) {
    const c = code[s.pos];
    if (c === '#') {
      s.skipSpace();
      continue;
    }
    if (c === '"' || c === "'") {
      s.stringAt();
      continue;
    }
    // `dbt` as a whole name (not `mydbt.ref` nor `x.dbt.ref`).
    const prev = s.pos > 0 ? code[s.pos - 1] : '';
    call.lastIndex = s.pos;
    const m = c === 'd' && !/[\w.]/.test(prev) ? call.exec(code) : null;
    if (!m) {
      s.pos++;
      continue;
    }
    const at = s.pos;
    const kind = m[1].replace(/\s+/g, '');
    s.pos = at + m[0].length - 1;
    const args = s.args();
    const positional = args?.filter((a) => a.name === undefined).map((a) => a.value) ?? [];
    // dbt.config.get's default may be any literal; every other positional argument is a name.
    const names = kind === 'config.get' ? positional.slice(0, 1) : positional;
    const strings = names.every((v) => typeof v === 'string') ? (names as string[]) : undefined;
    if (!args || !strings) {
      out.errors.push({ offset: at, message: `dbt.${kind}() in a Python model takes literal arguments only (dbt reads them without running the code).` });
      s.pos = at + m[0].length;
      continue;
    }
    const kw = new Map(args.filter((a) => a.name !== undefined).map((a) => [a.name as string, a.value]));
    if (kind === 'ref') {
      const v = kw.get('v') ?? kw.get('version');
      if (strings.length === 1 || strings.length === 2) {
        const ref: PythonRef = strings.length === 2 ? { package: strings[0], name: strings[1] } : { name: strings[0] };
        if (v !== undefined && v !== null) ref.version = String(v);
        out.refs.push(ref);
        out.spans.refs.push([at, s.pos]);
      } else out.errors.push({ offset: at, message: `dbt.ref() takes a model name, or a package and a model name (got ${strings.length} arguments).` });
    } else if (kind === 'source') {
      if (strings.length === 2) {
        out.sources.push([strings[0], strings[1]]);
        out.spans.sources.push([at, s.pos]);
      }
      else out.errors.push({ offset: at, message: `dbt.source() takes a source name and a table name (got ${strings.length} arguments).` });
    } else if (kind === 'config') {
      for (const [k, v] of kw) out.config[k] = v;
    } else {
      if (strings.length >= 1) out.configGets.push({ key: strings[0], default: positional.length > 1 ? positional[1] : (kw.get('default') ?? null) });
    }
  }
  return out;
}

/** A value as Python's repr writes it (dbt renders config_dict with str() of a dict). */
export function pythonRepr(v: PyValue): string {
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') {
    const q = v.includes("'") && !v.includes('"') ? '"' : "'";
    const body = v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
    return q + (q === "'" ? body.replace(/'/g, "\\'") : body) + q;
  }
  if (Array.isArray(v)) return `[${v.map(pythonRepr).join(', ')}]`;
  return `{${Object.entries(v).map(([k, x]) => `${pythonRepr(k)}: ${pythonRepr(x)}`).join(', ')}}`;
}

/** JSON as Python's json.dumps writes it by default (", " and ": " separators, non-ASCII escaped). */
function pyJson(obj: Record<string, string>): string {
  const esc = (s: string) => JSON.stringify(s).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `{${Object.entries(obj).map(([k, v]) => `${esc(k)}: ${esc(v)}`).join(', ')}}`;
}

export interface PythonCompileInput {
  /** The model's code as the file holds it. */
  code: string;
  /** Ref key ('name', 'pkg.name', with '.v<version>' when versioned) to the rendered relation. */
  refs: Record<string, string>;
  /** Source key ('source.table') to the rendered relation. */
  sources: Record<string, string>;
  /** The config keys the code reads with dbt.config.get, with their values. */
  configDict: Record<string, PyValue>;
  this: { database: string; schema: string; identifier: string; rendered: string };
  isIncremental: boolean;
}

/** The compiled code dbt writes for a Python model: its code, then the section that lets it run outside dbt. */
export function pythonCompiledCode(input: PythonCompileInput): string {
  const t = input.this;
  return `${input.code}


# This part is user provided model code
# you will need to copy the next section to run the code
# COMMAND ----------
# this part is dbt logic for get ref work, do not modify

def ref(*args, **kwargs):
    refs = ${pyJson(input.refs)}
    key = '.'.join(args)
    version = kwargs.get("v") or kwargs.get("version")
    if version:
        key += f".v{version}"
    dbt_load_df_function = kwargs.get("dbt_load_df_function")
    return dbt_load_df_function(refs[key])


def source(*args, dbt_load_df_function):
    sources = ${pyJson(input.sources)}
    key = '.'.join(args)
    return dbt_load_df_function(sources[key])


config_dict = ${pythonRepr(input.configDict)}


class config:
    def __init__(self, *args, **kwargs):
        pass

    @staticmethod
    def get(key, default=None):
        return config_dict.get(key, default)

class this:
    """dbt.this() or dbt.this.identifier"""
    database = "${t.database}"
    schema = "${t.schema}"
    identifier = "${t.identifier}"
    
    def __repr__(self):
        return '${t.rendered}'


class dbtObj:
    def __init__(self, load_df_function) -> None:
        self.source = lambda *args: source(*args, dbt_load_df_function=load_df_function)
        self.ref = lambda *args, **kwargs: ref(*args, **kwargs, dbt_load_df_function=load_df_function)
        self.config = config
        self.this = this()
        self.is_incremental = ${input.isIncremental ? 'True' : 'False'}

# COMMAND ----------


`;
}

/** The ref key dbt's generated ref() looks up. */
export function pythonRefKey(ref: PythonRef): string {
  return [...(ref.package ? [ref.package] : []), ref.name].join('.') + (ref.version ? `.v${ref.version}` : '');
}

/** Why a Python model does not run (run/build error, `check` warning): one wording for both. */
export function pythonNotRunMessage(name: string, targetType: string | undefined): string {
  const target = targetType === 'duckdb' ? 'the DuckDB target' : targetType === 'snowflake' ? 'the Snowflake target' : targetType ? `the ${targetType} target` : 'any target';
  return `Python model '${name}': Python models are not supported by Bronze's runner on ${target}. It loads and compiles (bronze compile writes its code); run it with dbt, or rewrite it as SQL.`;
}
