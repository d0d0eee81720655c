// Preview data, run impact, compare and export through the real commands on the demo project (the 2,000-row
// workspace the harness creates). Runs after bronze.test.cjs and commands.test.cjs (name order), so the bronze
// tables exist. Leaves the workspace as it found it (the edited buffer is reverted, the export file removed).
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vscode = require('vscode');
const { activateBronze, root, sleep } = require('./workbench.cjs');

const usersFile = () => vscode.Uri.file(path.join(root(), 'models', 'bronze', 'bz_users.sql'));

/**
 * A new untitled SQL document holding `sql`, under a name no other document has had. `openTextDocument({ content })`
 * names each one Untitled-N and gives a closed one's N to the next; until the extension host hears of the close it
 * hands back the closed document, old text and all (the CSV export then previewed the JSON test's query cut at the
 * CSV query's length: "Referenced column ID was not found because the FROM clause is missing").
 */
async function openUntitledSql(name, sql) {
  const uri = vscode.Uri.file(path.join(os.tmpdir(), `bronze-${name}-${process.pid}.sql`)).with({ scheme: 'untitled' });
  const doc = await vscode.workspace.openTextDocument(uri);
  const edit = new vscode.WorkspaceEdit();
  edit.insert(uri, new vscode.Position(0, 0), sql);
  assert.ok(await vscode.workspace.applyEdit(edit));
  assert.equal(doc.getText(), sql);
  return doc;
}

/** Runs "Preview data" on the editor's selection; the grid it returns stops at the 500-row cap. */
async function previewCapped() {
  const grid = await vscode.commands.executeCommand('bronze.previewSelection');
  assert.equal(grid.type, 'grid', JSON.stringify(grid).slice(0, 500));
  assert.equal(grid.grid.cells.length, 500);
  assert.equal(grid.grid.truncated, true);
  return grid;
}

/** Puts the document back to `text` and saves it, whichever editor or webview has the focus. */
async function restore(doc, text) {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  await vscode.workspace.applyEdit(edit);
  await doc.save();
  assert.equal(fs.readFileSync(doc.uri.fsPath, 'utf8'), text);
}

/**
 * The records of an RFC 4180 CSV text (LF or CRLF line ends; a line break inside quotes is data). A field left
 * empty without quotes is null, `""` is the empty string: the export writes NULL and '' that way.
 */
function parseCsv(text) {
  const records = [];
  let record = [];
  let i = 0;
  while (i < text.length) {
    let value;
    if (text[i] === '"') {
      let j = i + 1;
      value = '';
      for (;;) {
        const q = text.indexOf('"', j);
        assert.ok(q >= 0, `unterminated quoted field at ${i}`);
        value += text.slice(j, q);
        if (text[q + 1] === '"') {
          value += '"';
          j = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    } else {
      const stop = /[,\r\n]/g;
      stop.lastIndex = i;
      const end = stop.exec(text);
      const raw = text.slice(i, end ? end.index : text.length);
      assert.ok(!raw.includes('"'), `a quote in an unquoted field: ${JSON.stringify(raw)}`);
      value = raw === '' ? null : raw;
      i += raw.length;
    }
    record.push(value);
    if (text[i] === ',') i++;
    else {
      // The end of the record: LF or CRLF, or the end of the text.
      if (text[i] === '\r') i++;
      assert.ok(i >= text.length || text[i] === '\n', `a field must end at a comma or a line end (offset ${i})`);
      i++;
      records.push(record);
      record = [];
    }
  }
  return records;
}

describe('preview data and run impact', () => {
  before(async () => {
    await activateBronze();
    await vscode.commands.executeCommand('bronze.selectTarget', 'local');
  });

  it('previews a model: the cap stops the fetch, the columns carry types', async () => {
    const msg = await vscode.commands.executeCommand('bronze.previewData', { uri: usersFile().toString() });
    assert.equal(msg.type, 'grid', JSON.stringify(msg).slice(0, 500));
    const limit = vscode.workspace.getConfiguration('bronze').get('previewLimit');
    assert.equal(limit, 500);
    assert.equal(msg.grid.cells.length, 500);
    assert.equal(msg.grid.truncated, true);
    assert.deepEqual(msg.grid.columns.map((c) => c.name).slice(0, 3), ['user_id', 'user_name', 'email']);
    assert.ok(msg.grid.columns.every((c) => typeof c.type === 'string' && c.type.length > 0));
    assert.equal(msg.grid.target, 'local');
  });

  it('previews a CTE from its code lens argument and the selected SQL', async () => {
    const cte = await vscode.commands.executeCommand('bronze.previewCte', { uri: usersFile().toString(), uniqueId: 'model.zoom_bronze.bz_users', cte: 'source_rows' });
    assert.equal(cte.type, 'grid', JSON.stringify(cte).slice(0, 500));
    assert.equal(cte.grid.title, 'bz_users › source_rows');
    const doc = await vscode.workspace.openTextDocument(usersFile());
    const editor = await vscode.window.showTextDocument(doc);
    // A selection of the query keeps its ORDER BY and LIMIT: 3 rows, newest first.
    const text = doc.getText();
    const edit = new vscode.WorkspaceEdit();
    const extra = "\n-- preview test\nselect user_id from {{ source('raw', 'users') }} where user_id is not null order by user_id desc limit 3\n";
    edit.insert(doc.uri, doc.positionAt(text.length), extra);
    await vscode.workspace.applyEdit(edit);
    const start = doc.positionAt(text.length + extra.indexOf('select'));
    editor.selection = new vscode.Selection(start, doc.positionAt(doc.getText().length));
    let sel;
    try {
      sel = await vscode.commands.executeCommand('bronze.previewSelection');
    } finally {
      await restore(doc, text);
    }
    assert.equal(sel.type, 'grid', JSON.stringify(sel).slice(0, 500));
    assert.equal(sel.grid.cells.length, 3);
    assert.equal(sel.grid.truncated, false);
    const ids = sel.grid.cells.map((r) => r[0]);
    assert.deepEqual(ids, [...ids].sort().reverse());
  });

  it('exports every row, not just the capped ones', async () => {
    await vscode.commands.executeCommand('bronze.previewData', { uri: usersFile().toString() });
    const file = path.join(os.tmpdir(), `bronze-preview-${process.pid}.csv`);
    try {
      const rows = await vscode.commands.executeCommand('bronze.exportPreview', { format: 'csv', file });
      assert.ok(rows > 500, `exported ${rows} rows`);
      const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
      assert.equal(lines.length, rows + 1);
      assert.match(lines[0], /^user_id,user_name,email,/);
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  it('exports the whole result as JSON: every row past the cap, typed values, NULL as null apart from the string', async () => {
    // 1,234 rows of known values: the grid stops at 500, the export must not.
    const sql = `with g as (select seq4() as id from table(generator(rowcount => 1234)))
select id,
  case when id % 5 = 0 then null when id % 5 = 1 then 'NULL' else 'v' || id end as label,
  id * 1.25 as amount,
  id / 4 as quarter,
  id % 2 = 0 as even,
  dateadd(day, id, '2024-01-01'::date) as day,
  dateadd(second, id, '2024-01-01 00:00:00'::timestamp_ntz) as ts,
  9007199254740993 + id as big
from g
order by id desc`;
    const doc = await openUntitledSql('preview-json', sql);
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(doc.positionAt(0), doc.positionAt(sql.length));
    const file = path.join(os.tmpdir(), `bronze-preview-${process.pid}.json`);
    try {
      const grid = await previewCapped();
      const columns = grid.grid.columns.map((c) => c.name);
      assert.deepEqual(columns.map((c) => c.toLowerCase()), ['id', 'label', 'amount', 'quarter', 'even', 'day', 'ts', 'big']);
      const rows = await vscode.commands.executeCommand('bronze.exportPreview', { format: 'json', file });
      assert.equal(rows, 1234);
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
      assert.equal(parsed.length, 1234);
      const expected = (i) => {
        const day = new Date(Date.UTC(2024, 0, 1 + i));
        return [i, i % 5 === 0 ? null : i % 5 === 1 ? 'NULL' : `v${i}`, i * 1.25, i / 4, i % 2 === 0, day.toISOString().slice(0, 10), new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString(), String(9007199254740993n + BigInt(i))];
      };
      // The query's ORDER BY is kept: newest id first. Every row, every column in the grid's order, exact values
      // (the integer past 2^53 as exact text, NULL as null, the string 'NULL' as a string).
      parsed.forEach((row, n) => {
        assert.deepEqual(Object.keys(row), columns, `row ${n}`);
        assert.deepEqual(Object.values(row), expected(1233 - n), `row ${n}`);
      });
      assert.equal(parsed.filter((r) => Object.values(r)[1] === null).length, 247);
      assert.equal(parsed.filter((r) => Object.values(r)[1] === 'NULL').length, 247);
    } finally {
      fs.rmSync(file, { force: true });
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('exports the whole result as CSV: every row past the cap, the header, NULL apart from the string, commas, quotes and newlines quoted', async () => {
    // 1,234 rows whose label cycles through NULL, the string 'NULL', the empty string, a comma, quotes and line breaks.
    const sql = `with g as (select seq4() as id from table(generator(rowcount => 1234)))
select id,
  case id % 6
    when 0 then null
    when 1 then 'NULL'
    when 2 then ''
    when 3 then 'a,b ' || id
    when 4 then 'say "hi" ' || id
    else 'l1' || chr(10) || 'l2' || chr(13) || chr(10) || id
  end as label,
  id * 2 as "twice, as ""int"""
from g
order by id desc`;
    const doc = await openUntitledSql('preview-csv', sql);
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(doc.positionAt(0), doc.positionAt(sql.length));
    const file = path.join(os.tmpdir(), `bronze-preview-${process.pid}-content.csv`);
    try {
      const grid = await previewCapped();
      const columns = grid.grid.columns.map((c) => c.name);
      assert.deepEqual(columns.map((c) => c.toLowerCase()), ['id', 'label', 'twice, as "int"']);
      const rows = await vscode.commands.executeCommand('bronze.exportPreview', { format: 'csv', file });
      assert.equal(rows, 1234);
      const records = parseCsv(fs.readFileSync(file, 'utf8'));
      // The header names the grid's columns, the one with a comma and quotes quoted.
      assert.deepEqual(records[0], columns);
      assert.equal(records.length, 1 + 1234);
      const expected = (i) => {
        const label = [null, 'NULL', '', `a,b ${i}`, `say "hi" ${i}`, `l1\nl2\r\n${i}`][i % 6];
        return [String(i), label, String(i * 2)];
      };
      // The query's ORDER BY is kept (newest id first); NULL is an empty field, apart from "" and from the string 'NULL'.
      records.slice(1).forEach((r, n) => assert.deepEqual(r, expected(1233 - n), `row ${n}`));
      assert.equal(records.slice(1).filter((r) => r[1] === null).length, 206);
      assert.equal(records.slice(1).filter((r) => r[1] === 'NULL').length, 206);
      assert.equal(records.slice(1).filter((r) => r[1] === '').length, 206);
    } finally {
      fs.rmSync(file, { force: true });
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('previews the run impact of an incremental model without writing', async () => {
    const msg = await vscode.commands.executeCommand('bronze.previewRunImpact', { uri: usersFile().toString() });
    assert.equal(msg.type, 'impact', JSON.stringify(msg).slice(0, 500));
    const impact = JSON.parse(msg.json);
    assert.equal(impact.model, 'bz_users');
    assert.ok(['incremental', 'create'].includes(impact.mode), impact.mode);
    assert.equal(impact.inserted + impact.updated, impact.rowsAffected);
    assert.deepEqual(impact.uniqueKey, ['user_id']);
  });

  it('compares the model with its unsaved edit', async () => {
    const doc = await vscode.workspace.openTextDocument(usersFile());
    await vscode.window.showTextDocument(doc);
    const text = doc.getText();
    const at = text.indexOf('where user_id is not null');
    assert.ok(at > 0);
    // A cap above the model's row count, so the comparison covers every row (not a partial one).
    await vscode.workspace.getConfiguration('bronze').update('previewLimit', 100000, vscode.ConfigurationTarget.Workspace);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, doc.positionAt(at + 'where user_id is not null'.length), " and plan_type <> 'Free'");
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(doc.isDirty, 'the edit is unsaved');
    try {
      const msg = await vscode.commands.executeCommand('bronze.compareUnsavedEdit', { uri: usersFile().toString() });
      assert.equal(msg.type, 'compare', JSON.stringify(msg).slice(0, 500));
      const c = JSON.parse(msg.json);
      assert.deepEqual(c.key, ['user_id']);
      assert.equal(c.left, 'saved');
      assert.ok(c.counts.onlyLeft > 0, 'the Free users are only in the saved version');
      assert.equal(c.counts.onlyRight, 0);
      // Rows can also change: a user whose latest row is a Free one gets an older row's values once Free rows go.
      assert.ok(c.changed.every((d) => 'plan_type' in d.changes), JSON.stringify(c.changed).slice(0, 400));
      assert.equal(c.partial, false);
    } finally {
      await vscode.workspace.getConfiguration('bronze').update('previewLimit', undefined, vscode.ConfigurationTarget.Workspace);
      await restore(doc, text);
    }
  });

  it('cancels a running preview', async () => {
    const doc = await openUntitledSql('preview-cancel', 'select sum(range % 7) as s from range(20000000000)');
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(doc.positionAt(0), doc.positionAt(doc.getText().length));
    // An untitled document belongs to no project: the command takes the workspace's only project.
    const running = vscode.commands.executeCommand('bronze.previewSelection');
    await sleep(1500);
    await vscode.commands.executeCommand('bronze.cancelPreview');
    const msg = await running;
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    assert.equal(msg?.type, 'error');
    assert.equal(msg.message, 'Cancelled.');
  });
});
