// `bronze generate model --source SRC.TABLE [--key COL] [--materialized M]` and `bronze generate yaml -s MODEL
// [--write]`: the editor's scaffolding services, headless. `generate model` writes bz_<table>.sql and its schema.yml
// entry; `generate yaml` prints the schema file as it would become (or patches it with --write).
import { readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { planGenerateModel, planGenerateYaml } from '../../../server/src/analysis/scaffold';
import type { OutputTypes } from '../../../server/src/analysis/schema-sync';
import { Workspace } from '../../../server/src/analysis/workspace';
import { findProjectRoot } from '../../../server/src/project/find-project';
import { UsageError, type CommonArgs } from './args';
import { applyPlan, planResult } from './apply-plan';
import { profilesDirOf, projectRequest, type Io } from './context';
import { modelOutputTypes } from '../run/output-columns';

const MATERIALIZED = ['incremental', 'table', 'view'] as const;
type Materialized = (typeof MATERIALIZED)[number];

function stringFlag(args: CommonArgs, flag: string): string | undefined {
  const v = args.flags.get(flag);
  return typeof v === 'string' ? v : undefined;
}

/**
 * The data_types of the model's output as the active target reports them: its table when built there, else its
 * SQL over zero-row inputs. When the target cannot say (unreachable, inputs not built), says why on stderr and
 * the entry takes its types from the SQL's text alone (declared upstream types, literals and casts).
 */
async function targetTypes(args: CommonArgs, model: { name: string; file: string }, io: Io): Promise<OutputTypes | undefined> {
  const a = await modelOutputTypes(projectRequest(args), model.file);
  if (a.ok) {
    io.err(`data_type: from ${a.from === 'table' ? `the ${a.target} target's table of ${model.name}` : `${model.name}'s SQL typed by the ${a.target} target (not built there)`}`);
    return a.types;
  }
  io.err(`data_type: from the SQL's text only (declared upstream types, literals, casts): the ${a.target ?? 'active'} target could not type ${model.name}: ${a.reason}`);
  return undefined;
}

export async function generateCommand(args: CommonArgs, io: Io): Promise<number> {
  const what = args.positionals[0];
  if ((what !== 'model' && what !== 'yaml') || args.positionals.length > 1) {
    throw new UsageError('generate takes model or yaml: bronze generate model --source SRC.TABLE [--key COL] [--relationships] | bronze generate yaml -s MODEL [--write]');
  }
  const cwd = process.cwd();
  const root = args.projectDir ? path.resolve(cwd, args.projectDir) : findProjectRoot(cwd);
  if (!root || !existsSync(path.join(root, 'dbt_project.yml'))) throw new UsageError(`No dbt_project.yml in ${root ?? cwd}: pass --project-dir pointing to the folder that holds it.`);
  const ws = new Workspace({ target: args.target, profilesDir: profilesDirOf(args), cliVars: args.vars, env: process.env, reloadable: false });
  const project = await ws.openProject(root);
  const rel = (f: string): string => path.relative(root, f).split(path.sep).join('/');

  if (what === 'model') {
    const source = stringFlag(args, '--source');
    if (!source) throw new UsageError('generate model needs --source SOURCE_NAME.TABLE_NAME (e.g. --source raw.users)');
    const m = stringFlag(args, '--materialized');
    if (m !== undefined && !(MATERIALIZED as readonly string[]).includes(m)) throw new UsageError(`--materialized takes ${MATERIALIZED.join(', ')}, got '${m}'`);
    const key = stringFlag(args, '--key');
    const relationships = args.flags.get('--relationships') === true;
    const r = planGenerateModel(ws, path.join(root, 'dbt_project.yml'), { source, relationships, ...(key ? { key } : {}), ...(m ? { materialized: m as Materialized } : {}) });
    if (!r.ok) {
      io.err(`bronze: ${r.message}${r.keyChoices ? ` Pass --key with one of: ${r.keyChoices.join(', ')}.` : ''}`);
      return 1;
    }
    const written = applyPlan(r.plan);
    io.out(`${r.plan.title} (key ${r.key}):\n${written.map((f) => `  wrote ${rel(f)}`).join('\n')}`);
    if (r.suggestions.length > 0) {
      const list = r.suggestions.map((s) => `  ${s.column} → ${s.to}.${s.field}`).join('\n');
      io.out(relationships ? `relationships tests added:\n${list}` : `relationships tests suggested (not added; generate with --relationships to add them):\n${list}`);
    }
    return 0;
  }

  if (args.select.length !== 1 || !/^[A-Za-z_][\w]*$/.test(args.select[0])) throw new UsageError('generate yaml takes one model name: -s MODEL');
  const model = project.index.modelsByName.get(args.select[0])?.[0];
  if (!model) throw new UsageError(`No model '${args.select[0]}' in ${project.project.name}.`);
  const types = await targetTypes(args, { name: model.name, file: model.location.file }, io);
  const r = planGenerateYaml(ws, model.location.file, types);
  if (!r.ok) {
    io.err(`bronze: ${r.message}`);
    return 1;
  }
  if (args.flags.get('--write') === true) {
    io.out(`${r.plan.title}:\n${applyPlan(r.plan).map((f) => `  wrote ${rel(f)}`).join('\n')}`);
    return 0;
  }
  for (const [file, { after }] of planResult(r.plan, (f) => (existsSync(f) ? readFileSync(f, 'utf8') : undefined))) {
    io.out(`# ${rel(file)} (bronze generate yaml --write saves it)\n${after}`);
  }
  return 0;
}
