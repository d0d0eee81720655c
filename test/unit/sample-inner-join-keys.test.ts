// A model's INNER JOIN keeps the rows whose key finds its match, and on real data every row does (robling_product's
// customer-order lines joined to their headers on CO_ID, each side trimmed in its staging view and passed on whole by
// `SRC.* EXCLUDE (…)` and `SELECT *` models before the join): the sampler draws the other side's source key from the
// joined side's source key. Before, both were drawn apart, the join was empty and the project's reconciliation of the
// lines it loaded against the lines its staging held failed. Where something else binds the column (a relationships
// test, a unique key, listed values) that says more of it, and the join leaves it alone.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openTempProject } from '../helpers/temp-project';
import { planSynthetic } from '../../client/src/sample/plan';

const SOURCES =
  'version: 2\nsources:\n  - name: lnd\n    tables:\n      - name: order_hdr\n      - name: order_ln\n      - name: stores\n      - name: shipments\n      - name: carriers\n';

const FILES: Record<string, string> = {
  'models/src.yml': SOURCES,
  'models/stg_order_hdr.sql': "select trim(h.hdr_oms_code) as order_id, h.store_code as store_id, h.created_ts from {{ source('lnd', 'order_hdr') }} h\n",
  'models/stg_order_ln.sql':
    "select trim(l.ln_oms_code) as line_id, trim(l.order_id) as order_id, l.qty, l.amount from {{ source('lnd', 'order_ln') }} l\n",
  'models/tmp_order_hdr.sql': "select src.* exclude (store_id), coalesce(src.store_id, '-1') as store_id from {{ ref('stg_order_hdr') }} src\n",
  'models/dwh_order_hdr.sql': "select * from {{ ref('tmp_order_hdr') }}\n",
  'models/tmp_order_ln.sql':
    'select src.*, coh.store_id, coh.created_ts\n' +
    "from {{ ref('stg_order_ln') }} src\ninner join {{ ref('dwh_order_hdr') }} coh on src.order_id = coh.order_id\n",
  // A bare JOIN is an inner join; the key of the FROM side is the shipment's own id by its name: left alone.
  'models/shipment_carriers.sql':
    "select s.shipment_id, c.carrier_name from {{ source('lnd', 'shipments') }} s join {{ source('lnd', 'carriers') }} c on s.carrier_code = c.carrier_code\n",
  'models/shipment_stores.sql':
    "select s.shipment_id, t.store_name from {{ source('lnd', 'shipments') }} s join {{ source('lnd', 'stores') }} t on s.shipment_id = t.store_code\n",
  // A relationships test names the store another way: the test's reference stands.
  'models/schema.yml':
    'version: 2\nmodels:\n  - name: stg_order_hdr\n    columns:\n      - name: store_id\n        tests:\n          - relationships:\n              to: source("lnd", "stores")\n              field: store_name\n',
  'models/hdr_stores.sql':
    "select h.order_id, t.store_name from {{ ref('stg_order_hdr') }} h inner join {{ source('lnd', 'stores') }} t on h.store_id = t.store_code\n",
};

it("an INNER JOIN's key draws from the joined key, followed through the models that pass both on", async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-inner-join-keys-', FILES);
  const plans = planSynthetic(engine.project, { rows: 10, clean: false });
  const column = (table: string, name: string) => plans.find((p) => p.sourceId === `source.p.lnd.${table}`)!.columns.find((c) => c.name.toLowerCase() === name)!;
  const line = column('order_ln', 'order_id');
  assert.deepEqual(line.references, { sourceId: 'source.p.lnd.order_hdr', column: 'hdr_oms_code' });
  // A NULL key matches nothing either.
  assert.equal(line.notNull, true);
  // The joined side is left as it was: no key of its own drawn from the lines.
  assert.equal(column('order_hdr', 'hdr_oms_code').references, undefined);
  // A bare JOIN between two sources.
  assert.deepEqual(column('shipments', 'carrier_code').references, { sourceId: 'source.p.lnd.carriers', column: 'carrier_code' });
  // The shipments' own key (shipment_id, by its name) is not drawn from another table: a drawn key repeats values.
  assert.equal(column('shipments', 'shipment_id').references, undefined);
  // The relationships test's reference stands over the join's.
  assert.deepEqual(column('order_hdr', 'store_code').references, { sourceId: 'source.p.lnd.stores', column: 'store_name' });
});
