import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvField, formatCsv, formatTable } from '../../client/src/cli/table';
import { JSON_NULL } from '../../client/src/warehouse/snowflake-on-duckdb/semi-structured-values';

describe('bronze show --output csv', () => {
  it('quotes what needs quoting and keeps NULL apart from the empty string', () => {
    assert.equal(csvField(null), '');
    assert.equal(csvField(''), '""');
    assert.equal(csvField('NULL'), 'NULL');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField(12n), '12');
    assert.equal(csvField(new Date('2024-03-15T10:00:00Z')), '2024-03-15 10:00:00.000');
  });

  it('writes a header and one line per row in column order', () => {
    assert.equal(
      formatCsv(['id', 'name'], [{ name: 'x', id: 1 }, { id: 2, name: null }]),
      'id,name\n1,x\n2,',
    );
  });
});

describe('bronze show as a table', () => {
  it('prints SQL NULL as NULL and a VARIANT holding JSON null as null, as Snowflake does', () => {
    assert.equal(formatTable(['N', 'V'], [{ N: 1, V: JSON_NULL }, { N: 2, V: null }]), '| N | V    |\n|---|------|\n| 1 | null |\n| 2 | NULL |');
  });
});
