// Scaffolding: a bronze model from a source table (`bz_<table>.sql`: one row per key by ROW_NUMBER over the
// update timestamp, incremental on that timestamp with the project's lookback var) plus its schema.yml
// entry, and "Generate YAML" for an existing model. Output is deterministic: same project, same files.
import * as path from 'node:path';
import { YAMLSeq, type Document, type YAMLMap } from 'yaml';
import type { ColumnInfo, ModelNode, SourceNode } from '../core/types';
import { columnKey } from './columns';
import { documentView } from './document';
import { createFileEdit, type EditPlan } from './edit-plan';
import { addRelationshipTest, relationshipCandidates, type RelationshipSuggestion } from './relationship-suggestions';
import { readBronzeStyle, type BronzeStyle } from './scaffold-style';
import { isClassified, looksPersonal } from './rules/pii';
import { visibleVars } from './rules/vars';
import { columnNode, modelNode, planAddColumns, planAddModel, planAddModelEntry, schemaFileIn, type ColumnSpec, type OutputTypes } from './schema-sync';
import type { ProjectState, Workspace } from './workspace';

export interface GenerateModelOptions {
  /** `source_name.table_name`. */
  source: string;
  key?: string;
  materialized?: 'incremental' | 'table' | 'view';
  /** Add the suggested relationships tests to the entry (otherwise they are only listed in the result). */
  relationships?: boolean;
}

export type GenerateModelResult =
  /** `suggestions`: relationships tests to existing models its columns suggest (added when asked). */
  | { ok: true; plan: EditPlan; file: string; model: string; key: string; suggestions: RelationshipSuggestion[] }
  /** `keyChoices`: the source's columns, when the key is what is missing. */
  | { ok: false; message: string; keyChoices?: string[] };

const UPDATE_COLUMNS = ['update_timestamp', 'updated_at', 'last_updated', 'last_updated_at', 'modified_at', 'last_modified', 'last_modified_at', 'update_ts'];
const LOAD_COLUMNS = ['load_timestamp', 'loaded_at', '_loaded_at', 'ingested_at', 'load_ts'];

/** `meetings` → `meeting`, `categories` → `category`, `addresses` → `address`. */
export function singular(word: string): string {
  if (/ies$/.test(word)) return word.slice(0, -3) + 'y';
  if (/(ss|sh|ch|x|z)es$/.test(word)) return word.slice(0, -2);
  if (/[^s]s$/.test(word)) return word.slice(0, -1);
  return word;
}

/** The key: a column the source's tests declare unique, else `<singular>_id` when the source has it. */
function keyOf(project: ProjectState, s: SourceNode, columns: ColumnInfo[]): string | undefined {
  const tests = project.index.testsByModel.get(s.uniqueId) ?? [];
  const unique = tests.find((t) => t.testMetadata?.name === 'unique' && t.columnName);
  if (unique?.columnName) return unique.columnName;
  const guess = `${singular(s.name.toLowerCase())}_id`;
  return columns.find((c) => c.name.toLowerCase() === guess)?.name;
}

function pick(columns: ColumnInfo[], names: string[]): string | undefined {
  for (const n of names) {
    const c = columns.find((x) => x.name.toLowerCase() === n);
    if (c) return c.name;
  }
  return undefined;
}

/** The folder new bronze models go to: where the project's `bz_` models are, else `<model-path>/bronze`. */
function bronzeDir(project: ProjectState): string {
  const dirs = [...project.project.models.values()]
    .filter((m) => m.packageName === project.project.name && m.resourceType === 'model' && m.name.startsWith('bz_'))
    .map((m) => path.dirname(m.location.file))
    .sort();
  if (dirs.length > 0) return dirs[0];
  return path.join(project.root, project.project.modelPaths[0] ?? 'models', 'bronze');
}

/** The on_schema_change the project's bronze models agree on (the seed's append_new_columns when none). */
function onSchemaChange(project: ProjectState): string {
  const seen = [...project.project.models.values()].filter((m) => m.name.startsWith('bz_') && m.config.on_schema_change).map((m) => String(m.config.on_schema_change));
  return seen.sort()[0] ?? 'append_new_columns';
}

function modelSql(o: {
  source: SourceNode;
  columns: string[];
  key: string;
  materialized: string;
  updated?: string;
  loaded?: string;
  lookbackVar: boolean;
  onSchemaChange: string;
  style?: BronzeStyle;
}): string {
  const { source: s, key, updated, loaded } = o;
  const args = [`materialized='${o.materialized}'`];
  if (o.materialized === 'incremental') args.push(`unique_key='${key}'`, `on_schema_change='${o.onSchemaChange}'`);
  args.push(...(o.style?.configArgs ?? []));
  const config = args.length === 1 ? `{{ config(${args[0]}) }}\n` : `{{\n    config(\n${args.map((a) => `        ${a}`).join(',\n')}\n    )\n}}\n`;
  const winner = updated ? `the latest ${updated} wins${loaded ? `, then the latest ${loaded}` : ''}` : 'an arbitrary row wins (the source has no update timestamp)';
  const header = `-- Bronze ${s.name}: ${s.sourceName}.${s.name} as delivered (same columns, same order), minus rows without a ${key},\n-- with one row per ${key}: ${winner}.\n`;
  const list = (indent: string) => o.columns.map((c) => `${indent}${c}`).join(',\n');
  const outputs = (indent: string) => [...o.columns, ...(o.style?.metadataColumns ?? []).map((m) => m.text)].map((c) => `${indent}${c}`).join(',\n');
  let filter = '';
  if (o.materialized === 'incremental' && updated) {
    const since = o.lookbackVar
      ? `dateadd(day, -{{ var('lookback_days') }}, nvl(max(${updated}), '1900-01-01'::timestamp_ntz))`
      : `nvl(max(${updated}), '1900-01-01'::timestamp_ntz)`;
    filter = `    {% if is_incremental() %}\n      and ${updated} > (\n          select ${since}\n          from {{ this }}\n      )\n    {% endif %}\n`;
  }
  const order = updated ? [`${updated} desc`, ...(loaded ? [`${loaded} desc`] : [])].join(', ') : key;
  return (
    `${config}\n${header}\nwith source_rows as (\n\n    select\n${list('        ')}\n    from {{ source('${s.sourceName}', '${s.name}') }}\n    where ${key} is not null\n${filter}\n)\n\n` +
    `select\n${outputs('    ')}\nfrom source_rows\nqualify row_number() over (\n    partition by ${key}\n    order by ${order}\n) = 1\n`
  );
}

/** Plans `bz_<table>.sql` and its schema.yml entry for a source table of the project of `anyFile`. */
export function planGenerateModel(ws: Workspace, anyFile: string, opts: GenerateModelOptions): GenerateModelResult {
  const project = ws.projectFor(anyFile);
  if (!project) return { ok: false, message: `${anyFile} is not in a dbt project.` };
  const s = project.index.sourceTables.get(opts.source);
  if (!s) {
    const known = [...project.index.sourceTables.keys()].sort();
    return { ok: false, message: `No source table '${opts.source}' in ${project.project.name} (declared: ${known.join(', ') || 'none'}).` };
  }
  const columns = Object.values(s.columns);
  if (columns.length === 0) {
    return { ok: false, message: `Source '${opts.source}' declares no columns in ${path.basename(s.location.file)}: list its columns (with data_type) there first, so the model can name them.` };
  }
  const key = opts.key ?? keyOf(project, s, columns);
  if (!key) {
    return { ok: false, message: `Which column identifies a row of ${opts.source}? No unique test on the source and no ${singular(s.name.toLowerCase())}_id column.`, keyChoices: columns.map((c) => c.name) };
  }
  if (!columns.some((c) => columnKey(c.name) === columnKey(key))) {
    return { ok: false, message: `Source '${opts.source}' has no column '${key}'.`, keyChoices: columns.map((c) => c.name) };
  }
  const name = `bz_${s.name.toLowerCase()}`;
  if (project.index.modelsByName.has(name)) return { ok: false, message: `Model '${name}' already exists (${path.relative(project.root, project.index.modelsByName.get(name)![0].location.file)}).` };
  const dir = bronzeDir(project);
  const file = path.join(dir, `${name}.sql`);
  const updated = pick(columns, UPDATE_COLUMNS);
  const loaded = pick(columns, LOAD_COLUMNS);
  // The project's own bronze models set the defaults: their materialization (incremental only with an update
  // column to filter on), the config they add (tags, hooks, …) and their metadata columns.
  const style = readBronzeStyle(ws, project, { model: name, table: s.name });
  const styled = style?.materialized && ['incremental', 'table', 'view'].includes(style.materialized) && (style.materialized !== 'incremental' || updated) ? style.materialized : undefined;
  const materialized = opts.materialized ?? (styled as GenerateModelOptions['materialized']) ?? (updated ? 'incremental' : 'table');
  const lookbackVar = visibleVars({ project: project.project, cliVars: ws.options.cliVars ?? {} }, project.project.name).has('lookback_days');
  const sql = modelSql({ source: s, columns: columns.map((c) => c.name), key, materialized, updated, loaded, lookbackVar, onSchemaChange: onSchemaChange(project), style });
  const created = createFileEdit(file, sql);
  const specs: ColumnSpec[] = columns.map((c) => ({
    name: c.name,
    quoted: c.quote === true,
    ...(c.dataType ? { dataType: c.dataType } : {}),
    ...(c.description ? { description: c.description } : {}),
    pii: looksPersonal(c.name) || isClassified(c),
  }));
  for (const m of style?.metadataColumns ?? []) specs.push({ name: m.name, quoted: false, pii: false });
  const target = schemaFileIn(project, dir);
  // dbt 1.8 renamed `tests:` to `data_tests:`; the entry uses the key the file already uses.
  const testsKey = target.exists && /^\s*data_tests\s*:/m.test(project.fileText(target.file) ?? '') ? 'data_tests' : 'tests';
  const suggestions = relationshipCandidates(project, name, columns.map((c) => c.name));
  const build = (doc: Document): YAMLMap => {
    const entry = modelNode(doc, name, [], s.description ? `Bronze copy of ${s.sourceName}.${s.name}: ${s.description}` : '');
    const seq = new YAMLSeq();
    for (const c of specs) {
      const node = columnNode(doc, c);
      if (columnKey(c.name) === columnKey(key)) {
        const tests = new YAMLSeq();
        tests.add('unique');
        tests.add('not_null');
        node.set(testsKey, tests);
      }
      if (opts.relationships) for (const r of suggestions.filter((x) => x.column === c.name)) addRelationshipTest(node, r, testsKey);
      seq.add(node);
    }
    entry.set('columns', seq);
    return entry;
  };
  const yaml = planAddModelEntry(project, target, build, '');
  if (!yaml) return { ok: false, message: `Could not add '${name}' to ${path.relative(project.root, target.file)} (it does not parse, or its models: is not a list).` };
  const rel = path.relative(project.root, file).split(path.sep).join('/');
  return {
    ok: true,
    file,
    model: name,
    key,
    suggestions,
    plan: { title: `Generate ${rel} from source ${opts.source}`, edits: [created.edit, ...yaml.edits], fileOps: [created.op, ...yaml.fileOps] },
  };
}

/**
 * "Generate YAML for model": its entry with every output column, or the columns its entry lacks. `types`: what
 * the target reported for the model's output columns (the editor plans offline and passes none).
 */
export function planGenerateYaml(ws: Workspace, modelFile: string, types?: OutputTypes): { ok: true; plan: EditPlan } | { ok: false; message: string } {
  const project = ws.projectFor(modelFile);
  const model: ModelNode | undefined = project?.index.modelByFile.get(modelFile);
  const view = documentView(ws, modelFile);
  if (!project || !model || !view?.scan) return { ok: false, message: `${path.basename(modelFile)} is not a model of a dbt project.` };
  const plan = model.patchLocation
    ? planAddColumns(project, view, model, undefined, `Document all output columns of '${model.name}'`, types)
    : planAddModel(project, view, model, types);
  if (!plan) return { ok: false, message: model.patchLocation ? `Every output column of '${model.name}' is already in ${path.basename(model.patchLocation.file)}.` : `Could not add '${model.name}' to schema.yml.` };
  return { ok: true, plan };
}
