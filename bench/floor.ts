// The floor the check and language-server benches are judged against: walk the project, read every file and
// js-yaml-load every YAML file (skipping target/ and dot folders, as the loader does), nothing else.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import jsYaml from 'js-yaml';

/** Reads and YAML-parses every project file under `dir`; returns how many files it read. */
export function readProjectFloor(dir: string): number {
  let files = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('.') || e.name === 'target' || e.name === 'node_modules') continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        const text = readFileSync(p, 'utf8');
        files++;
        if (p.endsWith('.yml') || p.endsWith('.yaml')) {
          try {
            jsYaml.load(text);
          } catch {
            // a broken file costs its read
          }
        }
      }
    }
  };
  walk(dir);
  return files;
}
