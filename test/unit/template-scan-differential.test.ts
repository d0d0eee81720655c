// The one Jinja scanner replaced three readers (the loader's scanner, the analysis scan and the syntax check's
// tag walk). This test pins what those readers produced, before the merge, on every .sql file of the fixtures
// and on mutated variants of each (the project mutations plus seeded character edits around Jinja delimiters):
// the merged scanner must give the same loader facts, analysis scan, syntax diagnostics and renderer tokens.
// The recorded digests live in test/unit/data/template-scan-differential.json, keyed by the text's digest.
// They were recorded from the former readers, then re-recorded once after the merge for three intended
// corrections of the analysis scan, each with its own test in analysis-template-scan.test.ts (49 of 4,222 texts):
// `ref\n(` is a call, `x . ref(` is not, and escapes in literal arguments are decoded. With those three reverted
// the merged scanner matched the former readers on every text; the loader facts and syntax errors never differed.
// Re-recorded once more (2026-12-03) when the variants' seeds changed from the file's position in the walk to its
// path: new fixtures had shifted every later file's variants out of the record. Before re-recording, all 3,801 texts
// that still had a recorded answer matched, with no mismatch. Re-recorded (2026-12-04, night) when three new fixture
// projects (computed refs, an external-table twin, a rule fixture) took the recorded share under 90%: before
// re-recording, all 4,607 texts that had a recorded answer matched. Re-recorded (2026-12-06) for the lexer's tuple
// displays (`()` and `(x,)` written as `__bz_tuple(...)`): one mutated text changed (`{{ active_customers,() }}`),
// every other recorded text matched. Re-recorded (2026-12-06, dbtmat) when the custom-materialization-macros fixture
// took the recorded share under 90% (5,722 of 6,400): before re-recording, all 5,722 recorded texts matched.
// Regenerate only for an intended change: BRONZE_WRITE_SCAN_DIGESTS=1 node --import tsx --test <this file>.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { scanJinja } from '../../server/src/template/scan';
import { scanTemplate } from '../../server/src/project/scanner';
import { lex } from '../../server/src/template/lexer';
import { checkTemplateSyntax } from '../../server/src/template/syntax';
import { sqlFiles, variants } from './helpers/template-variants';

const ROOT = path.resolve(import.meta.dirname, '..', 'fixtures');
const DIGESTS = path.resolve(import.meta.dirname, 'data', 'template-scan-differential.json');

const digest = (s: string) => createHash('sha1').update(s).digest('hex').slice(0, 16);

/** What each former reader produced for `text`, as one JSON document. */
function outputs(text: string): Record<string, unknown> {
  const analysis = scanJinja(text);
  const tagIndex = new Map(analysis.tags.map((t, i) => [t, i]));
  let lexed: unknown;
  try {
    lexed = lex(text);
  } catch (e) {
    lexed = { error: e instanceof Error ? e.message : String(e), at: (e as { offset?: number }).offset, end: (e as { endOffset?: number }).endOffset };
  }
  return {
    loader: JSON.parse(JSON.stringify(scanTemplate(text))) as unknown,
    analysis: {
      tags: analysis.tags,
      calls: analysis.calls.map(({ tag, ...c }) => ({ ...c, tag: tagIndex.get(tag) })),
      masked: analysis.masked,
      truncated: analysis.truncated,
    },
    syntax: checkTemplateSyntax(text, 'f.sql'),
    lexed,
  };
}

describe('one Jinja scanner: differential against the former readers', () => {
  it('gives the recorded outputs on every fixture .sql file and its mutated variants', () => {
    const files = sqlFiles(ROOT);
    assert.ok(files.length > 50, `expected the fixtures' .sql files, found ${files.length}`);
    const recorded = fs.existsSync(DIGESTS) ? (JSON.parse(fs.readFileSync(DIGESTS, 'utf8')) as Record<string, string>) : {};
    const now: Record<string, string> = {};
    const mismatches: string[] = [];
    let checked = 0;
    for (const file of files) {
      // Seeded by the file's own path, so a fixture added elsewhere leaves every other file's variants as they were.
      const seed = parseInt(digest(path.relative(ROOT, file).split(path.sep).join('/')).slice(0, 8), 16) + 1;
      for (const [v, text] of variants(fs.readFileSync(file, 'utf8'), seed).entries()) {
        const key = digest(text);
        const got = digest(JSON.stringify(outputs(text)));
        now[key] = got;
        if (recorded[key] === undefined) continue;
        checked++;
        if (recorded[key] !== got && mismatches.length < 10) mismatches.push(`${path.relative(ROOT, file)} variant ${v}: ${JSON.stringify(outputs(text)).slice(0, 400)}`);
      }
    }
    if (process.env.BRONZE_WRITE_SCAN_DIGESTS) {
      fs.writeFileSync(DIGESTS, `${JSON.stringify(now, null, 0)}\n`);
      return;
    }
    assert.deepEqual(mismatches, []);
    // Fixtures change over time; most texts must still have a recorded answer or the test checks nothing.
    const total = Object.keys(now).length;
    assert.ok(checked >= total * 0.9, `only ${checked} of ${total} texts have recorded outputs: regenerate the digests (see the header)`);
  });
});
