// Types for the functions test/unit/realworld-layout.test.ts imports from layout.mjs (a plain-Node script).
export interface PackageEntry {
  [key: string]: string | string[];
}
export function parsePackageList(text: string, file: string): PackageEntry[];
export function pickTag(tags: readonly string[], constraints: readonly string[], label: string): string;
export function missingBlobs(gitDir: string, treeish: string): string[];
