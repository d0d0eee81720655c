// A run/test/build/seed reports the errors found while loading the project before it starts: a node whose YAML or
// Jinja did not load (an unknown model in a unit test, a broken schema file) is missing from the run, and without
// this line nothing would say so (dbt stops at parse; Bronze runs what loaded and names what did not).
import { isAbsolute, relative } from 'node:path';
import type { Diagnostic } from '../../../server/src/core/types';

/** `file:line:col: error code: message` lines for each load error, and a closing count; empty when there are none. */
export function loadErrorLines(diagnostics: readonly Diagnostic[], projectDir: string): string[] {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!errors.length) return [];
  const lines = errors.map((d) => {
    const file = isAbsolute(d.file) ? relative(projectDir, d.file) : d.file;
    return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: error ${d.code}: ${d.message.split('\n')[0]}`;
  });
  const n = errors.length;
  lines.push(`bronze: the project loaded with ${n} error${n === 1 ? '' : 's'}: what they concern is left out of this run (\`bronze check\` lists every problem)`);
  return lines;
}
