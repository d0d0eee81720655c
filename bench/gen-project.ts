// Generates a synthetic bronze-style dbt project: N models in folders of 100, each folder with one
// schema.yml declaring 100 source tables (6 columns) and 100 models (6 columns, 2 tests each).
// Usage: node --import tsx bench/gen-project.ts <dir> [models=10000]
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const COLUMNS = ['id', 'account_id', 'status', 'amount', 'load_timestamp', 'update_timestamp'];

function modelSql(folder: number, i: number): string {
  const upstream = i > 0 ? `\n    left join {{ ref('bz_f${folder}_m${i - 1}') }} prev on prev.id = src.account_id` : '';
  return `{{ config(
    materialized='incremental',
    unique_key='id',
    incremental_strategy='merge',
    tags=['bronze', 'folder_${folder}'],
    post_hook="{{ log('done ' ~ this, info=true) }}"
) }}

with source_data as (
    select
        src.id, src.account_id, src.status, src.amount, src.load_timestamp, src.update_timestamp,
        row_number() over (partition by src.id order by src.update_timestamp desc) as rn
    from {{ source('raw_f${folder}', 't${i}') }} src${upstream}
    {% if is_incremental() %}
    where src.update_timestamp > (select max(update_timestamp) from {{ this }})
    {% endif %}
)
select id, account_id, status, amount, load_timestamp, update_timestamp
from source_data
where rn = 1
`;
}

function schemaYml(folder: number, count: number): string {
  const lines: string[] = ['version: 2', '', 'sources:', `  - name: raw_f${folder}`, '    schema: RAW', '    loaded_at_field: load_timestamp', '    tables:'];
  for (let i = 0; i < count; i++) {
    lines.push(`      - name: t${i}`, '        columns:');
    for (const c of COLUMNS) lines.push(`          - name: ${c}`, `            data_type: ${c.endsWith('timestamp') ? 'TIMESTAMP_NTZ' : 'STRING'}`);
  }
  lines.push('', 'models:');
  for (let i = 0; i < count; i++) {
    lines.push(`  - name: bz_f${folder}_m${i}`, `    description: Bronze copy of raw_f${folder}.t${i}.`, '    columns:');
    for (const c of COLUMNS) {
      lines.push(`      - name: ${c}`, `        description: The ${c.replace(/_/g, ' ')}.`);
      if (c === 'id') lines.push('        data_tests:', '          - not_null', '          - unique');
    }
  }
  return lines.join('\n') + '\n';
}

export async function generateProject(dir: string, models: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(
    path.join(dir, 'dbt_project.yml'),
    `name: bench_bronze\nversion: '1.0.0'\nconfig-version: 2\nprofile: bench_bronze\nmodels:\n  bench_bronze:\n    +materialized: view\n    +schema: bronze\n`,
  );
  const folders = Math.ceil(models / 100);
  for (let f = 0; f < folders; f++) {
    const count = Math.min(100, models - f * 100);
    const d = path.join(dir, 'models', `f${f}`);
    await mkdir(d, { recursive: true });
    await writeFile(path.join(d, 'schema.yml'), schemaYml(f, count));
    await Promise.all(Array.from({ length: count }, (_, i) => writeFile(path.join(d, `bz_f${f}_m${i}.sql`), modelSql(f, i))));
  }
}

// Run as a script only under its own name: a bench bundles this module into its own script (check-bench.mjs),
// where import.meta.url is the bundle's and would match that bench's argv[1], and its `--child check` arguments
// would be read as <dir> [models] (a stray `--child/dbt_project.yml` in the working directory).
const self = fileURLToPath(import.meta.url);
if (process.argv[1] && /^gen-project\.[cm]?[jt]s$/.test(path.basename(self)) && path.resolve(process.argv[1]) === self) {
  const [dir, n] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: gen-project.ts <dir> [models=10000]');
    process.exit(2);
  }
  await generateProject(path.resolve(dir), Number(n ?? 10000));
}
