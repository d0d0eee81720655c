// Deterministic mistakes a user makes while writing a dbt project, each a pure function of one file's text
// (undefined when it does not apply to that text). Used by the check ⊇ compile property test.

export interface Mutation {
  name: string;
  /** Which files it applies to. */
  kind: 'sql' | 'model' | 'macro' | 'yaml';
  apply(text: string, info: { macros: readonly MacroSig[] }): string | undefined;
}

/** A root-project macro and how many parameters it declares. */
export interface MacroSig {
  name: string;
  params: number;
}

function replaceFirst(text: string, re: RegExp, fn: (...m: string[]) => string): string | undefined {
  const m = re.exec(text);
  if (!m) return undefined;
  return text.slice(0, m.index) + fn(...m) + text.slice(m.index + m[0].length);
}

/** Appends a line of Jinja at the end of the file (inside the model's SQL, after the final statement). */
const append = (line: string) => (text: string) => `${text.replace(/\s*$/, '')}\n${line}\n`;

/** Lines that carry a YAML key, so an indentation change there matters. */
function keyLines(lines: string[]): number[] {
  const out: number[] = [];
  lines.forEach((l, i) => {
    if (/^\s+(- )?[\w-]+:/.test(l)) out.push(i);
  });
  return out;
}

function yamlLineEdit(pick: 'first' | 'middle' | 'last', edit: (line: string) => string) {
  return (text: string) => {
    const lines = text.split('\n');
    const keys = keyLines(lines);
    if (keys.length === 0) return undefined;
    const i = keys[pick === 'first' ? 0 : pick === 'last' ? keys.length - 1 : Math.floor(keys.length / 2)];
    lines[i] = edit(lines[i]);
    return lines.join('\n');
  };
}

/** Removes the first list item `- name: …` under `key:` with every line indented deeper than it. */
function dropItemUnder(key: string) {
  return (text: string) => {
    const lines = text.split('\n');
    const k = lines.findIndex((l) => new RegExp(`^\\s*${key}:\\s*$`).test(l));
    if (k < 0) return undefined;
    const i = lines.findIndex((l, j) => j > k && /^\s*- name:/.test(l));
    if (i < 0) return undefined;
    const indent = lines[i].indexOf('-');
    let j = i + 1;
    while (j < lines.length && (lines[j].trim() === '' || lines[j].search(/\S/) > indent)) j++;
    lines.splice(i, j - i);
    return lines.join('\n');
  };
}

export const MUTATIONS: readonly Mutation[] = [
  // Names that no longer resolve.
  { name: 'rename ref target', kind: 'sql', apply: (t) => replaceFirst(t, /ref\(\s*(['"])(\w+)\1\s*\)/, (_m, q, n) => `ref(${q}${n}_gone${q})`) },
  { name: 'rename source table', kind: 'sql', apply: (t) => replaceFirst(t, /source\(\s*(['"])(\w+)\1\s*,\s*(['"])(\w+)\3\s*\)/, (_m, q, s, q2, n) => `source(${q}${s}${q}, ${q2}${n}_gone${q2})`) },
  { name: 'rename source', kind: 'sql', apply: (t) => replaceFirst(t, /source\(\s*(['"])(\w+)\1/, (_m, q, s) => `source(${q}${s}_gone${q}`) },
  { name: 'call an undefined macro', kind: 'sql', apply: append('{{ no_such_macro_here() }}') },
  { name: 'call into a package that is not installed', kind: 'sql', apply: append('{{ not_installed_pkg.some_macro() }}') },
  { name: 'call a missing macro of an installed namespace', kind: 'sql', apply: append('{{ dbt.no_such_macro_here() }}') },
  { name: 'undefined var without default', kind: 'sql', apply: append("{{ var('no_such_var_here') }}") },
  { name: 'unset env_var without default', kind: 'sql', apply: append("{{ env_var('BRONZE_NO_SUCH_ENV_HERE') }}") },
  { name: 'ref with three arguments', kind: 'sql', apply: append("{{ ref('a', 'b', 'c') }}") },
  { name: 'source with one argument', kind: 'sql', apply: append("{{ source('raw') }}") },
  {
    name: 'macro called with too many arguments',
    kind: 'sql',
    apply: (t, { macros }) => {
      const m = macros[0];
      return m ? append(`{{ ${m.name}(${Array.from({ length: m.params + 1 }, (_, i) => `'a${i}'`).join(', ')}) }}`)(t) : undefined;
    },
  },
  {
    name: 'macro called with an unknown keyword',
    kind: 'sql',
    apply: (t, { macros }) => (macros[0] ? append(`{{ ${macros[0].name}(no_such_param='x') }}`)(t) : undefined),
  },
  { name: 'attribute of an undefined name', kind: 'sql', apply: append('{{ no_such_name_here.attr }}') },
  // Template syntax.
  { name: 'unclosed expression', kind: 'sql', apply: (t) => replaceFirst(t, /\}\}/, () => '') },
  { name: 'unclosed block', kind: 'sql', apply: (t) => `{% if true %}\n${t}` },
  { name: 'stray end tag', kind: 'sql', apply: append('{% endif %}') },
  { name: 'unbalanced for', kind: 'sql', apply: append('{% for x in [1] %}{{ x }}{% endif %}') },
  { name: 'bad expression', kind: 'sql', apply: append('{{ 1 + }}') },
  { name: 'unknown tag', kind: 'sql', apply: append('{% frobnicate %}') },
  { name: 'unclosed comment', kind: 'sql', apply: append('{# never closed') },
  { name: 'unclosed string in expression', kind: 'sql', apply: append("{{ 'abc }}") },
  { name: 'delete first tag close', kind: 'sql', apply: (t) => replaceFirst(t, /%\}/, () => '') },
  { name: 'drop endmacro', kind: 'macro', apply: (t) => replaceFirst(t, /\{%-?\s*endmacro\s*-?%\}/, () => '') },
  { name: 'macro body calls an undefined macro', kind: 'macro', apply: (t) => replaceFirst(t, /(\{%-?\s*macro[^%]*%\})/, (m) => `${m}{{ no_such_macro_here() }}`) },
  { name: 'macro body reads an undefined name', kind: 'macro', apply: (t) => replaceFirst(t, /(\{%-?\s*macro[^%]*%\})/, (m) => `${m}{{ no_such_name_here.attr }}`) },
  // YAML.
  { name: 'drop a source table', kind: 'yaml', apply: dropItemUnder('tables') },
  { name: 'drop a model entry', kind: 'yaml', apply: dropItemUnder('models') },
  { name: 'drop a column entry', kind: 'yaml', apply: dropItemUnder('columns') },
  { name: 'rename a source', kind: 'yaml', apply: (t) => replaceFirst(t, /(sources:\s*\n\s*- name:\s*)(\w+)/, (_m, a, n) => `${a}${n}_renamed`) },
  { name: 'relationships to a missing model', kind: 'yaml', apply: (t) => replaceFirst(t, /to:\s*ref\((['"])(\w+)\1\)/, (_m, q, n) => `to: ref(${q}${n}_gone${q})`) },
  { name: 'unknown generic test', kind: 'yaml', apply: (t) => replaceFirst(t, /(tests|data_tests):\s*\n(\s*)- (\w+)/, (_m, k, ind, n) => `${k}:\n${ind}- ${n}_nope`) },
  { name: 'dedent a key (first)', kind: 'yaml', apply: yamlLineEdit('first', (l) => l.replace(/^ {1,2}/, '')) },
  { name: 'dedent a key (middle)', kind: 'yaml', apply: yamlLineEdit('middle', (l) => l.replace(/^ {1,2}/, '')) },
  { name: 'indent a key by one (middle)', kind: 'yaml', apply: yamlLineEdit('middle', (l) => ` ${l}`) },
  { name: 'indent a key by one (last)', kind: 'yaml', apply: yamlLineEdit('last', (l) => ` ${l}`) },
  { name: 'unclosed quote (middle)', kind: 'yaml', apply: yamlLineEdit('middle', (l) => l.replace(/:\s*(.*)$/, ': "$1')) },
  { name: 'tab indent (last)', kind: 'yaml', apply: yamlLineEdit('last', (l) => l.replace(/^ +/, '\t')) },
  { name: 'Jinja in a YAML value left open', kind: 'yaml', apply: yamlLineEdit('middle', (l) => l.replace(/:\s*(.*)$/, ": \"{{ $1\"")) },
  { name: 'truncate at half', kind: 'yaml', apply: (t) => t.slice(0, Math.floor(t.length / 2)) },
];
