import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseProfiles, resolveTarget } from './server/src/project/profiles';
import { createDuckDbWarehouse } from './client/src/warehouse/duckdb';
const PROFILE = `p:\n  target: prod\n  outputs:\n    prod: {type: snowflake, account: a, user: u, database: Analytics, schema: BRONZE}\n`;
const dir = mkdtempSync(path.join(os.tmpdir(), 'willi-probe-'));
const target = resolveTarget(parseProfiles(path.join(dir, 'profiles.yml'), PROFILE), 'p', 'local', { env: {}, projectRoot: dir });
const wh = await createDuckDbWarehouse(target);
const s = await wh.openSession();
for (const f of process.argv.slice(2)) {
  const sql = readFileSync(f, 'utf8');
  const t = Date.now();
  try { const r = await s.execute(sql); console.log(((Date.now()-t)/1000).toFixed(2)+'s', JSON.stringify(r.rows).slice(0, 150)); }
  catch (e) { console.log('ERR', ((Date.now()-t)/1000).toFixed(2)+'s', (e as Error).message.slice(0,300)); }
}
await s.close(); await wh.close();
