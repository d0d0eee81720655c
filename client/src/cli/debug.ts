// `bronze debug`: the resolved target with secrets masked, then a connection test; on DuckDB (and so on the
// local twin) also the catalogs, their schemas and files; on the twin its stages and file formats (stage-files.ts).
import { maskSecrets } from '../../../server/src/project';
import { openEngine, testConnection } from '../run/runner';
import { openWarehouse } from '../warehouse/connect';
import { twinInfo } from '../../../server/src/project/profiles';
import { twinStages } from '../warehouse/snowflake-on-duckdb/stage-files';
import type { CommonArgs } from './args';
import { projectRequest, type Io } from './context';

export interface CatalogListing {
  name: string;
  /** The DuckDB file, or undefined for an in-memory catalog. */
  file?: string;
  /** The target's database: where unqualified names go. */
  isDefault: boolean;
  schemas: string[];
}

/** The catalogs a DuckDB target opens (the twin's databases, `attach` entries), with their schemas. */
async function listCatalogs(engine: Awaited<ReturnType<typeof openEngine>>): Promise<CatalogListing[]> {
  const warehouse = await openWarehouse(engine.target, engine.project.root);
  try {
    const session = await warehouse.openSession();
    try {
      const dbs = await session.execute(
        // Quoted aliases: the target upper-cases unquoted names in results, as Snowflake does.
        'select database_name as "database_name", path as "path" from duckdb_databases() ' +
          "where not internal and not (database_name = 'memory' and path is null) order by database_oid",
        // DuckDB's own catalog function, which the twin's translation would refuse as no Snowflake function.
        { native: true },
      );
      const schemas = await session.execute(
        'select catalog_name as "catalog_name", schema_name as "schema_name" from information_schema.schemata ' +
          "where schema_name not in ('information_schema', 'pg_catalog') order by 1, 2",
      );
      const current = await session.execute('select current_database() as "db"');
      const def = String(current.rows[0]?.db ?? '').toLowerCase();
      return dbs.rows.map((r) => {
        const name = String(r.database_name);
        return {
          name,
          ...(r.path ? { file: String(r.path) } : {}),
          isDefault: name.toLowerCase() === def,
          schemas: schemas.rows.filter((s) => String(s.catalog_name) === name).map((s) => String(s.schema_name)),
        };
      });
    } finally {
      await session.close();
    }
  } finally {
    await warehouse.close();
  }
}

export async function debugCommand(args: CommonArgs, io: Io): Promise<number> {
  const request = projectRequest(args);
  const engine = await openEngine(request);
  const shown = maskSecrets(engine.target);
  const lines = [
    `project:   ${engine.project.name} (${engine.project.root})`,
    `profiles:  ${engine.project.profilesPath ?? '(none: the embedded DuckDB default)'}`,
    `target:    ${shown.name} (profile ${shown.profileName})`,
    ...Object.entries(shown)
      .filter(([k]) => k !== 'name' && k !== 'profileName')
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `  ${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`),
  ];
  const check = await testConnection(request);
  const catalogs = check.ok && engine.target.type === 'duckdb' ? await listCatalogs(engine) : undefined;
  const twinDir = twinInfo(engine.target)?.dir;
  const staged = twinDir ? twinStages(twinDir) : undefined;
  if (args.output === 'json') {
    io.out(JSON.stringify({ project: engine.project.name, target: shown, connection: check, ...(catalogs ? { catalogs } : {}), ...(staged ?? {}) }, null, 2));
  } else {
    io.out(lines.join('\n'));
    io.out(`connection: ${check.ok ? 'OK' : 'FAILED'} — ${check.message}`);
    if (catalogs) {
      io.out('catalogs:');
      for (const c of catalogs) {
        io.out(`  ${c.name}${c.isDefault ? ' (default)' : ''}: ${c.file ?? '(in memory)'}`);
        io.out(`    schemas: ${c.schemas.join(', ') || '(none)'}`);
      }
    }
    // Only when the twin holds some: most projects load no stage.
    if (staged?.stages.length) {
      io.out('stages (internal stages are folders; put files there to load them):');
      for (const s of staged.stages) io.out(`  @${s.name}: ${s.dir} (${s.files} file${s.files === 1 ? '' : 's'})`);
    }
    if (staged?.fileFormats.length) {
      io.out('file formats:');
      for (const f of staged.fileFormats) io.out(`  ${f.name}: ${f.file}`);
    }
  }
  return check.ok ? 0 : 1;
}
