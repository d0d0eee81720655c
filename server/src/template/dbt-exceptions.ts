// dbt's `exceptions` context namespace: every member of dbt-core 1.10/1.11's CONTEXT_EXPORTS
// (core/dbt/context/exceptions_jinja.py), each failing with the message its exception class builds (dbt-core's
// core/dbt/exceptions.py, dbt-adapters' dbt/adapters/exceptions/, dbt-common's dbt_common/exceptions/) or, for the
// two warnings, recording dbt's warning text. A member is called with dbt's parameter names, by position or name.
import { getPath } from './access';
import { ArrayValue, NONE, NullValue, ObjectValue, RawFunction, UndefinedValue, pyStr, splitKwargs, str, type RV } from './values';

const PARAMS: Record<string, string[]> = {
  warn: ['msg', 'node'],
  missing_config: ['model', 'name'],
  missing_materialization: ['model', 'adapter_type'],
  missing_relation: ['relation', 'model'],
  raise_ambiguous_alias: ['node_1', 'node_2', 'duped_name'],
  raise_ambiguous_catalog_match: ['unique_id', 'match_1', 'match_2'],
  raise_cache_inconsistent: ['message'],
  raise_dataclass_not_dict: ['obj'],
  raise_compiler_error: ['msg', 'node'],
  raise_database_error: ['msg', 'node'],
  raise_dep_not_found: ['node', 'node_description', 'required_pkg'],
  raise_dependency_error: ['msg'],
  raise_duplicate_patch_name: ['patch_1', 'existing_patch_path'],
  raise_duplicate_resource_name: ['node_1', 'node_2'],
  raise_invalid_property_yml_version: ['path', 'issue'],
  raise_not_implemented: ['msg'],
  relation_wrong_type: ['relation', 'expected_type', 'model'],
  raise_contract_error: ['yaml_columns', 'sql_columns'],
  column_type_missing: ['column_names'],
  raise_fail_fast_error: ['msg', 'node'],
  warn_snapshot_timestamp_data_types: ['snapshot_time_data_type', 'updated_at_data_type'],
};

/** Parameters with a default (None); the others are required. */
const OPTIONAL = new Set(['warn.node', 'missing_relation.model', 'raise_ambiguous_alias.duped_name', 'raise_compiler_error.node', 'raise_database_error.node', 'relation_wrong_type.model', 'raise_fail_fast_error.node']);

/** `x.name` as Jinja reads it (attribute, then item); the text Python's f-string would print. */
const field = (v: RV, name: string): RV => getPath(v, name);
const text = (v: RV): string => pyStr(v);

/** dbt-common's CompilationError._fix_dupe_msg. */
function fixDupeMessage(path1: string, path2: string, name: string, typeName: string): string {
  return path1 === path2
    ? `remove one of the ${typeName} entries for ${name} in this file:\n - ${path1}\n`
    : `remove the ${typeName} entry for ${name} in one of these files:\n - ${path1}\n${path2}`;
}

/** dbt's NodeType.pluralize (core/dbt/artifacts/resources/types.py). */
function pluralize(resourceType: string): string {
  if (resourceType === 'analysis') return 'analyses';
  if (resourceType === 'saved_query') return 'saved_queries';
  if (resourceType === 'test') return 'data_tests';
  return `${resourceType}s`;
}

/** dbt's ContractError.get_message: the mismatches as agate's print_table writes them (max_column_width 50). */
function contractMessage(yamlColumns: RV, sqlColumns: RV): string {
  const list = (v: RV): RV[] => (v instanceof ArrayValue ? v.value : []);
  const yaml = list(yamlColumns);
  if (!yaml.length) return "This model has an enforced contract, and its 'columns' specification is missing";
  const name = (c: RV) => field(c, 'name');
  const type = (c: RV) => field(c, 'data_type');
  const same = (a: RV, b: RV) => pyStr(a) === pyStr(b) && a.constructor === b.constructor;
  const rows: RV[][] = [];
  const sqlNames: RV[] = [];
  for (const sql of list(sqlColumns)) {
    sqlNames.push(name(sql));
    const match = yaml.find((y) => same(name(sql), name(y)));
    if (!match) rows.push([name(sql), type(sql), str(''), str('missing in contract')]);
    else if (!same(type(sql), type(match))) rows.push([name(sql), type(sql), type(match), str('data type mismatch')]);
  }
  for (const y of yaml) if (!sqlNames.some((n) => same(n, name(y)))) rows.push([name(y), str(''), type(y), str('missing in definition')]);
  rows.sort((a, b) => (pyStr(a[0]) < pyStr(b[0]) ? -1 : pyStr(a[0]) > pyStr(b[0]) ? 1 : 0));
  const header = ['column_name', 'definition_type', 'contract_type', 'mismatch_reason'];
  const cell = (v: RV): string => {
    const s = v instanceof NullValue || v instanceof UndefinedValue ? '' : pyStr(v);
    return s.length > 50 ? `${s.slice(0, 47)}...` : s;
  };
  const cells = rows.map((r) => r.map(cell));
  const widths = header.map((h, j) => Math.max(h.length, ...cells.map((r) => r[j].length)));
  const line = (r: string[]) => `|${r.map((c, j) => ` ${c.padEnd(widths[j])} `).join('|')}|\n`;
  const table = line(header) + `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |\n` + cells.map(line).join('');
  return (
    'This model has an enforced contract that failed.\n' +
    "Please ensure the name, data_type, and number of columns in your contract match the columns in your model's definition.\n\n" +
    table
  );
}

/** The messages dbt's exceptions build from the member's arguments (by parameter name). */
function message(member: string, a: Record<string, RV>): string {
  switch (member) {
    case 'missing_config':
      return `Model '${text(field(a.model, 'unique_id'))}' does not define a required config parameter '${text(a.name)}'.`;
    case 'missing_materialization': {
      const adapter = text(a.adapter_type);
      const valid = adapter !== 'default' ? `'default' and '${adapter}'` : "'default'";
      return `No materialization '${text(field(field(a.model, 'config'), 'materialized'))}' was found for adapter ${adapter}! (searched types ${valid})`;
    }
    case 'missing_relation':
      return `Relation ${text(a.relation)} not found!`;
    case 'raise_ambiguous_alias': {
      const [n1, n2] = [a.node_1, a.node_2];
      const duped = a.duped_name instanceof NullValue ? `${text(field(n1, 'database'))}.${text(field(n1, 'schema'))}.${text(field(n1, 'alias'))}` : text(a.duped_name);
      return (
        `dbt found two resources with the database representation "${duped}".\ndbt cannot create two resources with identical database representations. To fix this,\nchange the configuration of one of these resources:` +
        `\n- ${text(field(n1, 'unique_id'))} (${text(field(n1, 'original_file_path'))})\n- ${text(field(n2, 'unique_id'))} (${text(field(n2, 'original_file_path'))})`
      );
    }
    case 'raise_ambiguous_catalog_match': {
      const match = (m: RV) => {
        const meta = m instanceof ObjectValue ? field(m, 'metadata') : NONE();
        const get = (k: string) => (meta instanceof ObjectValue ? field(meta, k) : NONE());
        return `${text(get('schema'))}.${text(get('name'))}`;
      };
      return (
        'dbt found two relations in your warehouse with similar database identifiers. dbt\nis unable to determine which of these relations was created by the model ' +
        `"${text(a.unique_id)}".\nIn order for dbt to correctly generate the catalog, one of the following relations must be deleted or renamed:\n\n - ${match(a.match_1)}\n - ${match(a.match_2)}`
      );
    }
    case 'raise_cache_inconsistent':
      return `Cache inconsistency detected: ${text(a.message)}`;
    case 'raise_dataclass_not_dict':
      return `The object ("${text(a.obj)}") was used as a dictionary. This capability has been removed from objects of this type.`;
    case 'raise_dep_not_found':
      return `Error while parsing ${text(a.node_description)}.\nThe required package "${text(a.required_pkg)}" was not found. Is the package installed?\nHint: You may need to run \`dbt deps\`.`;
    case 'raise_duplicate_patch_name': {
      const name = text(field(a.patch_1, 'name'));
      const fix = fixDupeMessage(text(field(a.patch_1, 'original_file_path')), text(a.existing_patch_path), name, 'resource');
      return `dbt found two schema.yml entries for the same resource named ${name}. Resources and their associated columns may only be described a single time. To fix this, ${fix}`;
    }
    case 'raise_duplicate_resource_name': {
      const [n1, n2] = [a.node_1, a.node_2];
      const type = text(field(n1, 'resource_type'));
      let duped = text(field(n1, 'name'));
      const plural = type === text(field(n2, 'resource_type')) ? pluralize(type) : 'resources';
      let action = 'looking for';
      let formatted = duped;
      if (['model', 'seed', 'snapshot'].includes(type)) formatted = `ref("${duped}")`;
      else if (type === 'source') {
        const source = text(field(n1, 'source_name'));
        // SourceDefinition's get_full_source_name and get_source_representation.
        duped = `${source}_${duped}`;
        formatted = `source("${source}", "${text(field(n1, 'name'))}")`;
      } else if (type === 'doc') formatted = `doc("${duped}")`;
      else if (type === 'test' && !(field(n1, 'test_metadata') instanceof UndefinedValue)) {
        const column = field(n1, 'column_name');
        const on = column instanceof NullValue || column instanceof UndefinedValue || text(column) === '' ? '' : `column "${text(column)}" in `;
        duped = `${duped}" defined on ${on}"${text(field(n1, 'file_key_name'))}`;
        action = 'running';
        formatted = 'tests';
      }
      return (
        `dbt found two ${plural} with the name "${duped}".\n\nSince these resources have the same name, dbt will be unable to find the correct resource\nwhen ${action} ${formatted}.\n\n` +
        `To fix this, change the name of one of these resources:\n- ${text(field(n1, 'unique_id'))} (${text(field(n1, 'original_file_path'))})\n- ${text(field(n2, 'unique_id'))} (${text(field(n2, 'original_file_path'))})`
      );
    }
    case 'raise_invalid_property_yml_version':
      return `The yml property file at ${text(a.path)} is invalid because ${text(a.issue)}. Please consult the documentation for more information on yml property file syntax:\n\nhttps://docs.getdbt.com/reference/configs-and-properties`;
    case 'raise_not_implemented':
      // dbt-common's NotImplementedError formats its message as "ERROR: <msg>".
      return `ERROR: ${text(a.msg)}`;
    case 'relation_wrong_type': {
      const rel = text(a.relation);
      return `Trying to create ${text(a.expected_type)} ${rel}, but it currently exists as a ${text(field(a.relation, 'type'))}. Either drop ${rel} manually, or run dbt with \`--full-refresh\` and dbt will drop it for you.`;
    }
    case 'raise_contract_error':
      return contractMessage(a.yaml_columns, a.sql_columns);
    case 'column_type_missing':
      return `Contracted models require data_type to be defined for each column. Please ensure that the column name and data_type are defined within the YAML configuration for the ${pyStr(a.column_names)} column(s).`;
    default:
      // raise_compiler_error, raise_database_error, raise_dependency_error, raise_fail_fast_error: the message as given.
      return text(a.msg);
  }
}

/** The `exceptions` members; `fail` raises a located compiler error, `warn` handles a warning (by its dbt event name). */
export function exceptionsNamespace(fail: (message: string) => never, warn: (message: string, event: string) => void): Record<string, RawFunction> {
  const members: Record<string, RawFunction> = {};
  for (const [member, params] of Object.entries(PARAMS)) {
    members[member] = new RawFunction((args: RV[]) => {
      const [pos, kw] = splitKwargs(args);
      if (pos.length > params.length) fail(`exceptions.${member}() takes ${params.length} arguments (${params.join(', ')}), ${pos.length} given`);
      const bound: Record<string, RV> = {};
      for (const k of kw.keys()) if (!params.includes(k)) fail(`exceptions.${member}() got an unexpected keyword argument '${k}'`);
      params.forEach((p, i) => {
        const v = pos[i] ?? kw.get(p);
        if (v === undefined && !OPTIONAL.has(`${member}.${p}`)) fail(`exceptions.${member}() is missing its required argument '${p}'`);
        bound[p] = v ?? NONE();
      });
      if (member === 'warn') {
        warn(text(bound.msg), 'JinjaLogWarning');
        return str('');
      }
      if (member === 'warn_snapshot_timestamp_data_types') {
        // dbt's SnapshotTimestampWarning; the function returns None.
        warn(
          `Data type of snapshot table timestamp columns (${text(bound.snapshot_time_data_type)}) doesn't match derived column 'updated_at' (${text(bound.updated_at_data_type)}). Please update snapshot config 'updated_at'.`,
          'SnapshotTimestampWarning',
        );
        return NONE();
      }
      return fail(message(member, bound));
    }, member);
  }
  return members;
}
