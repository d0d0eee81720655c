// A minimal reader for the .tar.gz archives packages come in (dbt Hub's GitHub archives, `tarball:` entries):
// ustar and GNU headers, GNU long names and pax `path`/`linkpath` records. Files, folders, hard links and
// symbolic links that stay inside the package are extracted; links leading out of it and devices are left out
// (and reported). Anything unsafe or malformed is an error, never a file written outside the destination.
import { gunzipSync } from 'node:zlib';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

export class TarError extends Error {}

export interface TarEntry {
  /** Path inside the archive, `/`-separated, without a leading `./`. */
  name: string;
  type: 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';
  data: Buffer;
  mode: number;
  /** Links: the target as stored. */
  linkname?: string;
}

/** Archives larger than this unpacked are refused (a package is a few MB at most). */
const MAX_UNPACKED = 512 * 1024 * 1024;

function text(buf: Buffer, start: number, length: number): string {
  const slice = buf.subarray(start, start + length);
  const nul = slice.indexOf(0);
  return slice.subarray(0, nul === -1 ? slice.length : nul).toString('utf8');
}

function octal(buf: Buffer, start: number, length: number, what: string): number {
  const field = buf.subarray(start, start + length);
  if (field[0] & 0x80) {
    // GNU base-256 for large numbers.
    let n = 0;
    for (let i = 1; i < field.length; i++) n = n * 256 + field[i];
    return n;
  }
  const s = text(buf, start, length).trim();
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) throw new TarError(`bad ${what} field in a tar header`);
  return parseInt(s, 8);
}

function checksumOk(header: Buffer): boolean {
  const field = text(header, 148, 8).trim();
  if (!/^[0-7]+$/.test(field)) return false;
  const stored = parseInt(field, 8);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : header[i];
  return sum === stored;
}

function paxRecords(data: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  while (i < data.length) {
    const space = data.indexOf(0x20, i);
    if (space === -1) break;
    const len = Number(data.subarray(i, space).toString('ascii'));
    if (!Number.isInteger(len) || len <= 0 || i + len > data.length) throw new TarError('bad pax extended header');
    const record = data.subarray(space + 1, i + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) out.set(record.slice(0, eq), record.slice(eq + 1));
    i += len;
  }
  return out;
}

/**
 * The entries of a gzip-compressed tar archive. A plain tar is read too: a server that labels the file with
 * `Content-Encoding: gzip` has it unpacked by the HTTP client on the way. Throws TarError for anything else.
 */
export function readTarGz(gz: Buffer): TarEntry[] {
  let tar: Buffer;
  if (gz.length >= 512 && gz.subarray(257, 262).toString('latin1') === 'ustar') tar = gz;
  else {
    try {
      tar = gunzipSync(gz, { maxOutputLength: MAX_UNPACKED });
    } catch (e) {
      throw new TarError(`not a gzip-compressed archive (${(e as Error).message})`);
    }
  }
  const entries: TarEntry[] = [];
  let longName: string | undefined;
  let longLink: string | undefined;
  let pax: Map<string, string> | undefined;
  let off = 0;
  while (off < tar.length) {
    if (off + 512 > tar.length) throw new TarError('truncated tar archive');
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break; // end-of-archive marker
    if (!checksumOk(header)) throw new TarError(`not a tar archive (bad header checksum at byte ${off})`);
    const size = octal(header, 124, 12, 'size');
    const type = String.fromCharCode(header[156] || 0x30);
    const dataStart = off + 512;
    if (dataStart + size > tar.length) throw new TarError('truncated tar archive');
    const data = tar.subarray(dataStart, dataStart + size);
    off = dataStart + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = text(data, 0, data.length);
      continue;
    }
    if (type === 'K') {
      longLink = text(data, 0, data.length);
      continue;
    }
    if (type === 'x') {
      pax = paxRecords(data);
      continue;
    }
    if (type === 'g') continue; // global pax header (GitHub puts the commit id there)
    const prefix = header.subarray(257, 262).toString('ascii') === 'ustar' ? text(header, 345, 155) : '';
    let name = pax?.get('path') ?? longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
    const linkname = pax?.get('linkpath') ?? longLink ?? text(header, 157, 100);
    longName = undefined;
    longLink = undefined;
    pax = undefined;
    name = name.replace(/^(\.\/)+/, '');
    const kind: TarEntry['type'] = type === '0' || type === '7' ? 'file' : type === '5' ? 'dir' : type === '2' ? 'symlink' : type === '1' ? 'hardlink' : 'other';
    entries.push({ name, type: name.endsWith('/') && kind === 'file' ? 'dir' : kind, data, mode: octal(header, 100, 8, 'mode'), ...(kind === 'symlink' || kind === 'hardlink' ? { linkname } : {}) });
  }
  return entries;
}

/** Safe relative segments of an entry name, or an error for absolute paths and `..`. */
function segments(name: string): string[] {
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) throw new TarError(`archive entry ${name} has an absolute path`);
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw new TarError(`archive entry ${name} points outside the archive`);
  return parts;
}

/**
 * Extracts the archive's single top-level folder (as GitHub and dbt package archives hold) into `dest`, and
 * returns the links that were left out because they lead outside the package. Throws TarError when the archive
 * is malformed, unsafe, or does not have exactly one top-level folder.
 */
export async function extractSingleFolder(gz: Buffer, dest: string): Promise<string[]> {
  const entries = readTarGz(gz).map((e) => ({ ...e, parts: segments(e.name) })).filter((e) => e.parts.length > 0);
  if (entries.length === 0) throw new TarError('the archive is empty');
  const tops = new Set(entries.map((e) => e.parts[0]));
  const nested = entries.some((e) => e.parts.length > 1 || e.type === 'dir');
  if (tops.size !== 1 || !nested) {
    throw new TarError(`the archive must hold one top-level folder with the package inside; it holds ${[...tops].slice(0, 5).join(', ')}${tops.size > 5 ? ', …' : ''}`);
  }
  const target = (parts: string[]): string => path.join(dest, ...parts.slice(1));
  const inside = (p: string): boolean => p === dest || p.startsWith(dest + path.sep);
  const skipped: string[] = [];
  // A hard link stores no data: it is the file it names, written again under its own name.
  const byName = new Map(entries.filter((e) => e.type === 'file').map((e) => [e.parts.join('/'), e]));
  const files: { at: string; data: Buffer; mode: number }[] = [];
  const links: { at: string; to: string }[] = [];
  for (const e of entries) {
    if (e.parts.length < 2) continue;
    if (e.type === 'file') files.push({ at: target(e.parts), data: e.data, mode: e.mode });
    else if (e.type === 'hardlink') {
      const source = byName.get(segments(e.linkname ?? '').join('/'));
      if (source) files.push({ at: target(e.parts), data: source.data, mode: source.mode });
      else skipped.push(`${e.name} -> ${e.linkname}`);
    } else if (e.type === 'symlink') {
      const to = e.linkname ?? '';
      const at = target(e.parts);
      if (path.isAbsolute(to) || !inside(path.resolve(path.dirname(at), to))) skipped.push(`${e.name} -> ${to}`);
      else links.push({ at, to });
    } else if (e.type === 'other') skipped.push(e.name);
  }
  const dirs = new Set([dest]);
  for (const e of entries) if (e.type === 'dir') dirs.add(target(e.parts));
  for (const f of [...files, ...links]) dirs.add(path.dirname(f.at));
  // Folders first (sorted, so parents come before children), then the files a batch at a time, then the links.
  for (const dir of [...dirs].sort()) await mkdir(dir, { recursive: true });
  for (let i = 0; i < files.length; i += 32) {
    await Promise.all(files.slice(i, i + 32).map((f) => writeFile(f.at, f.data, { mode: 0o644 | (f.mode & 0o111) })));
  }
  for (const l of links) {
    await symlink(l.to, l.at).catch((e: Error) => {
      throw new TarError(`archive link ${path.relative(dest, l.at)} cannot be made (${e.message})`);
    });
  }
  return skipped;
}
