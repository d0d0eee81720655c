// A query block that reads a relation beside LATERAL FLATTEN (or TABLE(FLATTEN(…)), SPLIT_TO_TABLE) reads FLATTEN's
// output columns (SEQ, KEY, PATH, INDEX, VALUE, THIS: https://docs.snowflake.com/en/sql-reference/functions/flatten)
// unqualified: `VALUE:asset`, `ORDER BY INDEX` are not columns the relation needs. flipside_algorand's silver__asset
// reads `VALUE :asset` over `collect_NFTs, LATERAL FLATTEN(input => record_content) f`, collect_NFTs being `select *`
// of a source; the sampler gave that source VALUE and INDEX columns, and the twin's binder then found two VALUEs.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openTempProject } from '../helpers/temp-project';
import { planSynthetic } from '../../client/src/sample/plan';

it("names FLATTEN outputs are not given to the relation read beside it; its own columns and qualified reads are", async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-flatten-columns-', {
    'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: uploads\n      - name: lists\n',
    'models/nfts.sql':
      "with collected as (select * from {{ source('raw', 'uploads') }} where record_metadata:key like '%meta%'),\n" +
      'nfts as (\n  select value:asset::number as nft, value:name::string as name, _inserted_timestamp\n' +
      '  from collected, lateral flatten(input => record_content) f\n' +
      "  where value:asset::string <> '' qualify row_number() over (partition by nft order by index) = 1\n)\nselect * from nfts\n",
    'models/items.sql': "select l.id, s.value as item, l.value from {{ source('raw', 'lists') }} l, table(split_to_table(l.csv, ',')) s\n",
  });
  const plans = planSynthetic(engine.project, { rows: 10, clean: false });
  const names = (table: string) => plans.find((p) => p.sourceId === `source.p.raw.${table}`)!.columns.map((c) => c.name).sort();
  assert.deepEqual(names('uploads'), ['_inserted_timestamp', 'record_content', 'record_metadata']);
  // `l.value` is the table's own column, qualified.
  assert.deepEqual(names('lists'), ['csv', 'id', 'value']);
});
