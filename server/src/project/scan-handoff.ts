// A model's Jinja scan, handed from the loader to the analysis so each model is scanned once per load: the
// loader scans a model file for its facts (refs, sources, config), the model's node carries that scan until the
// analysis builds the model's facts from it, and the node lets go of it then. Hidden (non-enumerable) on both
// the parse and the node: neither serializes it, and no one holds it past its one use.
import type { ModelNode } from '../core/types';
import type { JinjaScan } from '../template/scan';
import type { ParsedSqlFile } from './files';

const KEY = Symbol('jinja scan');
type Holder = { [KEY]?: JinjaScan };

export function keepScan(parsed: ParsedSqlFile, scan: JinjaScan): void {
  Object.defineProperty(parsed, KEY, { value: scan, enumerable: false, writable: true, configurable: true });
}

/** Moves the parse's scan to the model node built from it. */
export function handScanToNode(parsed: ParsedSqlFile, node: ModelNode): void {
  const scan = (parsed as Holder)[KEY];
  if (!scan) return;
  delete (parsed as Holder)[KEY];
  if (scan.text === node.rawCode) Object.defineProperty(node, KEY, { value: scan, enumerable: false, writable: true, configurable: true });
}

/** The node's scan of `text`, once (undefined when it has none or it is of another text). */
export function takeScan(node: ModelNode, text: string): JinjaScan | undefined {
  const scan = (node as Holder)[KEY];
  if (!scan) return undefined;
  delete (node as Holder)[KEY];
  return scan.text === text ? scan : undefined;
}
