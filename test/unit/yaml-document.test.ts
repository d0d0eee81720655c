// yamlEdits: the edits that turn a schema file into its edited printout touch only the changed lines, keep
// the spacing of lines the printer respaces, CRLF line breaks, and a file without a final line break.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isSeq, YAMLMap } from 'yaml';
import { parseYaml, printYaml, yamlEdits, yamlStyle } from '../../server/src/analysis/yaml-document';
import type { TextEdit } from '../../server/src/core/types';

function apply(text: string, edits: TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const off = (p: TextEdit['range']['start']) => (p.line >= starts.length ? text.length : starts[p.line] + p.character);
  for (const e of [...edits].sort((a, b) => off(b.range.start) - off(a.range.start))) text = text.slice(0, off(e.range.start)) + e.newText + text.slice(off(e.range.end));
  return text;
}

/** Edits `text` with `change` on its parsed document and returns the text after applying the edits. */
function edit(text: string, change: (cols: YAMLMap[]) => void): { out: string; edits: TextEdit[] } {
  const doc = parseYaml(text);
  const style = yamlStyle(text);
  const unchanged = printYaml(doc, style);
  const cols = doc.getIn(['models', 0, 'columns'], true);
  assert.ok(isSeq(cols));
  change(cols.items as YAMLMap[]);
  const edits = yamlEdits('f.yml', text, unchanged, printYaml(doc, style));
  return { out: apply(text, edits), edits };
}

const col = (name: string) => {
  const m = new YAMLMap();
  m.set('name', name);
  return m;
};

describe('yamlEdits', () => {
  it('inserts one line between respaced neighbours without touching them', () => {
    const text = 'models:\n  - name: m   # the model\n    columns:\n      - name: a     # first\n      - name: c   # third\n';
    const { out, edits } = edit(text, (items) => items.splice(1, 0, col('b')));
    assert.equal(out, 'models:\n  - name: m   # the model\n    columns:\n      - name: a     # first\n      - name: b\n      - name: c   # third\n');
    assert.equal(edits.length, 1);
    assert.deepEqual(edits[0].range, { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } });
  });

  it('keeps CRLF line breaks', () => {
    const text = 'models:\r\n  - name: m\r\n    columns:\r\n      - name: a\r\n';
    const { out } = edit(text, (items) => items.push(col('b')));
    assert.equal(out, 'models:\r\n  - name: m\r\n    columns:\r\n      - name: a\r\n      - name: b\r\n');
  });

  it('removes the last entry of a file without a final line break', () => {
    const text = 'models:\n  - name: m\n    columns:\n      - name: a\n      - name: b';
    const { out } = edit(text, (items) => items.splice(1, 1));
    assert.equal(out, 'models:\n  - name: m\n    columns:\n      - name: a');
  });

  it('reads a file indented by four with unindented sequences', () => {
    assert.deepEqual(yamlStyle('models:\n- name: m\n  columns:\n  - name: a\n'), { indent: 2, indentSeq: false });
    const text = 'version: 2\nmodels:\n    - name: m\n      columns:\n          - name: a\n';
    assert.deepEqual(yamlStyle(text), { indent: 4, indentSeq: true });
    const { out } = edit(text, (items) => items.push(col('b')));
    assert.equal(out, text + '          - name: b\n');
  });

  it('keeps a folded description the printer joins into one line (the line count changes) as written, before and after the change', () => {
    const text =
      'models:\n  - name: m\n    description: >\n      Audit trail: one row per execution,\n      written by the runner.\n    columns:\n      - name: a   # first\n      - name: c\n' +
      '  - name: n\n    description: >\n      Second folded\n      text.\n';
    const { out, edits } = edit(text, (items) => items.splice(1, 0, col('b')));
    assert.equal(out, text.replace('      - name: c\n', '      - name: b\n      - name: c\n'));
    assert.equal(edits.length, 1);
    // A change right before the next folded block leaves that block as written too.
    const inside = edit(text, (items) => items.push(col('d')));
    assert.equal(inside.out, text.replace('      - name: c\n', '      - name: c\n      - name: d\n'));
  });
});

