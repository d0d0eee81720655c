// A model's scan as the loader keeps it for reloads, once the model's node is built. A reload reads the
// dependencies, definitions and problems of every file on every pass; the calls and literal config (with their
// argument records, about 3 KB a model) are read only when that model's node is built again, so they are
// dropped and scanned again from the text if that happens. 10,000 models: ~27 MB less kept by a language server.
import { scanTemplate, type ScanResult, type ScannedCall, type LiteralValue } from './scanner';

class LeanScan implements ScanResult {
  readonly refs: ScanResult['refs'];
  readonly sources: ScanResult['sources'];
  readonly static: boolean;
  readonly definitions: ScanResult['definitions'];
  readonly problems: ScanResult['problems'];
  readonly #text: string;
  #full: ScanResult | undefined;

  constructor(scan: ScanResult, text: string) {
    this.refs = scan.refs;
    this.sources = scan.sources;
    this.static = scan.static;
    this.definitions = scan.definitions;
    this.problems = scan.problems;
    this.#text = text;
  }

  private full(): ScanResult {
    return (this.#full ??= scanTemplate(this.#text));
  }

  get calls(): ScannedCall[] {
    return this.full().calls;
  }

  get config(): Record<string, LiteralValue> {
    return this.full().config;
  }
}

/** `scan` without its calls and config, which come back from `text` when read. */
export function leanScan(scan: ScanResult, text: string): ScanResult {
  return scan instanceof LeanScan ? scan : new LeanScan(scan, text);
}
