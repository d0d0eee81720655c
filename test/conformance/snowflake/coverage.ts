// Loads every case file under ./cases and prints (or writes into README.md) the coverage table: construct → number
// of cases. Run: node --import tsx test/conformance/snowflake/coverage.ts [--write]
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCaseFiles, type CaseFile } from './run';

const readme = path.join(path.dirname(fileURLToPath(import.meta.url)), 'README.md');
const BEGIN = '<!-- coverage:begin -->';
const END = '<!-- coverage:end -->';

/** The markdown coverage table: one row per construct (case count), then one row per area. */
export function coverageTable(files: CaseFile[]): string {
  const byConstruct = new Map<string, number>();
  let total = 0;
  for (const { cases } of files) {
    for (const c of cases) {
      byConstruct.set(c.construct, (byConstruct.get(c.construct) ?? 0) + 1);
      total += 1;
    }
  }
  const lines = ['| construct | cases |', '| --- | ---: |'];
  for (const [construct, n] of [...byConstruct].sort((a, b) => a[0].localeCompare(b[0]))) {
    lines.push(`| ${construct.replace(/\|/g, '\\|')} | ${n} |`);
  }
  lines.push(`| **all** | **${total}** |`, '', '| file | cases |', '| --- | ---: |');
  for (const { file, cases } of files) lines.push(`| cases/${file} | ${cases.length} |`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const table = coverageTable(await loadCaseFiles());
  if (!process.argv.includes('--write')) {
    process.stdout.write(`${table}\n`);
    return;
  }
  const text = readFileSync(readme, 'utf8');
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the ${BEGIN} … ${END} markers`);
  writeFileSync(readme, `${text.slice(0, start + BEGIN.length)}\n${table}\n${text.slice(end)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
