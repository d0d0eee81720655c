import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvField, formatCsv } from '../../client/src/cli/table';

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
