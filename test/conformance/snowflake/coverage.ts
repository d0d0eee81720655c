// Loads every case file under ./cases and prints (or writes into README.md) the coverage table: construct → number
// of cases. Run: node --import tsx test/conformance/snowflake/coverage.ts [--write]
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ConformanceCase } from './case';

const here = path.dirname(fileURLToPath(import.meta.url));
const casesDir = path.join(here, 'cases');
const readme = path.join(here, 'README.md');
const BEGIN = '<!-- coverage:begin -->';
const END = '<!-- coverage:end -->';

/** Every case file's cases, by area (file name without .ts), in file-name order. */
export async function loadCaseFiles(): Promise<Map<string, ConformanceCase[]>> {
  const out = new Map<string, ConformanceCase[]>();
  for (const file of readdirSync(casesDir).filter((f) => f.endsWith('.ts')).sort()) {
    const mod = (await import(pathToFileURL(path.join(casesDir, file)).href)) as { cases?: ConformanceCase[] };
    if (!Array.isArray(mod.cases)) throw new Error(`${file}: no exported 'cases' array`);
    out.set(file.replace(/\.ts$/, ''), mod.cases);
  }
  return out;
}

/** The markdown coverage table: one row per construct (case count), then one row per area. */
export function coverageTable(files: Map<string, ConformanceCase[]>): string {
  const byConstruct = new Map<string, number>();
  let total = 0;
  for (const list of files.values()) {
    for (const c of list) {
      byConstruct.set(c.construct, (byConstruct.get(c.construct) ?? 0) + 1);
      total += 1;
    }
  }
  const lines = ['| construct | cases |', '| --- | ---: |'];
  for (const [construct, n] of [...byConstruct].sort((a, b) => a[0].localeCompare(b[0]))) {
    lines.push(`| ${construct.replace(/\|/g, '\\|')} | ${n} |`);
  }
  lines.push(`| **all** | **${total}** |`, '', '| file | cases |', '| --- | ---: |');
  for (const [area, list] of files) lines.push(`| cases/${area}.ts | ${list.length} |`);
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
