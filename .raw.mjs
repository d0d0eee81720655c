import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create('/tmp/willi-q/.bronze/local/WILLIBALD_DATA_VAULT_WITH_DBT.duckdb', { threads: '1' });
const c = await db.connect();
for (const sql of process.argv.slice(2)) {
  const t = Date.now();
  try { const r = await c.runAndReadAll(sql); console.log(((Date.now()-t)/1000).toFixed(2)+'s', sql.slice(0,80), JSON.stringify(r.getRows().slice(0,3)).slice(0,200)); }
  catch (e) { console.log('ERR', ((Date.now()-t)/1000).toFixed(2)+'s', e.message.slice(0,200)); }
}
