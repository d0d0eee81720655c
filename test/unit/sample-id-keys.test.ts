// `sample --synthetic` draws a JSON key that names an id as one value per document (row), and other text as a few
// repeated values, as categories are. Whether a key names an id is read from its words (`id`, `user_id`, `userId`,
// `accountID`, `order-id`, `ownerid`), not from its last two letters: `paid`, `valid`, `void` and `rapid` were drawn as ids.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { nameWords, namesAnId } from '../../client/src/sample/column-kinds';
import { jsonSql, type JsonShape } from '../../client/src/sample/json-shape';

// Words run into `id` are ids too (Salesforce's accountid, ownerid; abbreviations such as sfid, pid, apid, xaid).
const IDS = ['id', 'ID', 'Id', 'user_id', 'USER_ID', 'userId', 'accountID', 'order-id', 'subscription.id', 'uuid', 'sessionGuid', 'accountid', 'ownerid', 'sfid', 'pid', 'apid', 'xaid'];
const NOT_IDS = ['paid', 'PAID', 'valid', 'isValid', 'void', 'rapid', 'android', 'fluid', 'order_paid', 'amountpaid', 'prepaid', 'invalid', 'date-converted-to-paid', 'bid', 'grid', 'idea', 'id_type', 'userIds'];

describe('sampler: which JSON keys name an id', () => {
  it('splits names at underscores, hyphens, dots and camelCase humps', () => {
    assert.deepEqual(nameWords('userId'), ['user', 'id']);
    assert.deepEqual(nameWords('accountID'), ['account', 'id']);
    assert.deepEqual(nameWords('HTTPServerId'), ['http', 'server', 'id']);
    assert.deepEqual(nameWords('cws-license_start.date'), ['cws', 'license', 'start', 'date']);
    assert.deepEqual(nameWords('PAID'), ['paid']);
  });

  it('a key whose last word is id (or uuid, guid, or runs into id) names one; an English word ending in the letters does not', () => {
    for (const k of IDS) assert.equal(namesAnId(k), true, k);
    for (const k of NOT_IDS) assert.equal(namesAnId(k), false, k);
  });

  it('the built documents hold one value per row for an id key, a few repeated ones for the others', async () => {
    const shape: JsonShape = { fields: Object.fromEntries([...IDS, ...NOT_IDS].map((k) => [k, {}])) };
    const sql = jsonSql(shape, (n) => `CAST(hash(r, ${n}) % 1000003 AS BIGINT)`, '2026-01-01 00:00:00', 30, undefined, 'r');
    const keys = [...IDS, ...NOT_IDS];
    const counts = keys.map((k, i) => `count(DISTINCT json_extract_string(doc, ${`'$."${k}"'`})) AS c${i}`).join(', ');
    const instance = await DuckDBInstance.create(':memory:');
    try {
      const conn = await instance.connect();
      try {
        const reader = await conn.runAndReadAll(`SELECT ${counts} FROM (SELECT ${sql} AS doc FROM range(60) t(r))`);
        const row = reader.getRowObjectsJson()[0] as Record<string, unknown>;
        const distinct = new Map(keys.map((k, i) => [k, Number(row[`c${i}`])]));
        for (const k of IDS) assert.equal(distinct.get(k), 60, `${k}: one value per row`);
        for (const k of NOT_IDS) assert.ok(distinct.get(k)! <= 5, `${k}: ${distinct.get(k)} values, not an id's one per row`);
      } finally {
        conn.closeSync();
      }
    } finally {
      instance.closeSync();
    }
  });
});
