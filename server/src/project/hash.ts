// A fast non-cryptographic content hash (two FNV-1a lanes → 16 hex chars). md5 through node:crypto costs
// a few microseconds per call, which adds up over tens of thousands of nodes; checksums only need change
// detection, not security.
export function fastHash(s: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

import { createHash } from 'node:crypto';
import * as crypto from 'node:crypto';

type OneShotHash = (algorithm: string, data: string, encoding: 'hex') => string;
const oneShot = (crypto as unknown as { hash?: OneShotHash }).hash;

/** md5 hex of a string (one-shot API when the runtime has it: no Hash object per call). */
export function md5(s: string): string {
  return oneShot ? oneShot('md5', s, 'hex') : createHash('md5').update(s).digest('hex');
}
