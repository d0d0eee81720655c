// Snowflake databases are DuckDB catalogs ATTACHed on demand, so three-part names work across databases.
// All sessions share one DuckDB instance, hence one set of catalogs.
import { dirname, basename, join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

const INTERNAL = new Set(['system', 'temp']);

function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

export function quoteIdent(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

export class Catalogs {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly admin: DuckDBConnection,
    private readonly dbFile: string | undefined,
    /** The instance's own catalog (`memory`, or the database file's name): where a session without a database sits. */
    readonly defaultCatalog: string,
  ) {}

  static async open(instance: DuckDBInstance, dbFile: string | undefined): Promise<Catalogs> {
    const admin = await instance.connect();
    const r = await admin.runAndReadAll('SELECT current_database()');
    return new Catalogs(admin, dbFile, String(r.getRows()[0][0]));
  }

  /** Serialises catalog changes: two sessions attaching the same name at once must not race. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** The attached catalog whose name matches `name` case-insensitively, as DuckDB spells it. */
  async find(name: string): Promise<string | null> {
    const r = await this.admin.runAndReadAll(
      `SELECT database_name FROM duckdb_databases() WHERE lower(database_name) = lower(${sqlString(name)})`,
    );
    const row = r.getRows()[0];
    return row ? String(row[0]) : null;
  }

  async list(): Promise<string[]> {
    const r = await this.admin.runAndReadAll('SELECT database_name FROM duckdb_databases() ORDER BY 1');
    return r
      .getRows()
      .map((row) => String(row[0]))
      .filter((n) => !INTERNAL.has(n.toLowerCase()));
  }

  /** Attaches `name` (upper-cased, like an unquoted Snowflake name) with a PUBLIC schema unless it exists. */
  ensure(name: string): Promise<string> {
    return this.serial(async () => {
      const found = await this.find(name);
      if (found) return found;
      const upper = name.toUpperCase();
      const path = this.dbFile ? join(dirname(this.dbFile), `${basename(this.dbFile)}.${upper}.duckdb`) : ':memory:';
      await this.admin.run(`ATTACH ${sqlString(path)} AS ${quoteIdent(upper)}`);
      await this.admin.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(upper)}.PUBLIC`);
      return upper;
    });
  }

  drop(name: string): Promise<boolean> {
    return this.serial(async () => {
      const found = await this.find(name);
      if (!found) return false;
      await this.admin.run(`DETACH ${quoteIdent(found)}`);
      return true;
    });
  }

  close(): void {
    this.admin.closeSync();
  }
}
