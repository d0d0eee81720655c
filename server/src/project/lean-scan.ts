// A model's scan as the loader keeps it for reloads, once the model's node is built. A reload reads the
// dependencies, definitions and problems of every file on every pass; the calls and literal config (with their
// argument records, about 3 KB a model) are read only when that model's node is built again, so they are
// dropped and scanned again from the text if that happens. 10,000 models: ~27 MB less kept by a language server.
import { parseFile, type FileRecord, type ParsedFile, type WalkedFile } from './files';
import { scanTemplate, type ScanResult, type ScannedCall, type LiteralValue } from './scanner';
import { exact } from '../core/plain';

class LeanScan implements ScanResult {
  readonly refs: ScanResult['refs'];
  readonly sources: ScanResult['sources'];
  readonly static: boolean;
  readonly definitions: ScanResult['definitions'];
  readonly problems: ScanResult['problems'];
  readonly #text: string;
  #full: ScanResult | undefined;

  constructor(scan: ScanResult, text: string) {
    // Without the spare room of lists grown by push (~100 bytes each; 2 MB over 10,000 models kept for reloads).
    this.refs = exact(scan.refs);
    this.sources = exact(scan.sources);
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

/**
 * A model file of a one-shot load (bronze check): scanned when its node is built, and made lean right after. Scanned
 * with every other file before the build (as a reloadable load does), the full scans of a big project were all live
 * at once: they outlived the young generation's collections, which copied them twice, and sat in the old one until
 * the load had returned. Any read of `parsed` scans the file, so a reader this file does not know of stays correct.
 */
export class DeferredModelRecord implements FileRecord {
  #parsed: ParsedFile | undefined;

  constructor(
    readonly walked: WalkedFile,
    readonly text: string,
  ) {}

  /** False until something reads `parsed`. */
  get scanned(): boolean {
    return this.#parsed !== undefined;
  }

  get parsed(): ParsedFile {
    return (this.#parsed ??= parseFile(this.walked, this.text));
  }

  set parsed(p: ParsedFile) {
    this.#parsed = p;
  }

  /** Once the model's node is built: keep only what the rest of the load reads (definitions, problems). */
  lean(): void {
    const p = this.#parsed;
    if (p?.kind === 'sql') this.#parsed = { kind: 'sql', scan: leanScan(p.scan, this.text), diagnostics: p.diagnostics };
  }
}
