// Login checks: password, key-pair JWT (RS256, verified with node:crypto against the configured public key),
// and OAuth tokens. Nothing here logs or echoes a credential.
import { createHash, createPublicKey, timingSafeEqual, verify } from 'node:crypto';
import { SnowflakeError } from './errors';

export interface AuthConfig {
  /** login name → password */
  users: Record<string, string>;
  /** login name → PEM public key (SPKI) */
  publicKeys: Record<string, string>;
  /** OAuth access token → login name */
  oauthTokens: Record<string, string>;
}

export interface LoginData {
  LOGIN_NAME?: string;
  PASSWORD?: string;
  AUTHENTICATOR?: string;
  TOKEN?: string;
  ACCOUNT_NAME?: string;
}

const BAD_PASSWORD = () => new SnowflakeError('390100', '08004', 'Incorrect username or password was specified.');
const BAD_JWT = () => new SnowflakeError('390144', '08004', 'JWT token is invalid.');
const BAD_OAUTH = () => new SnowflakeError('390303', '08004', 'Invalid OAuth access token.');

function lookup<T>(map: Record<string, T>, name: string): T | undefined {
  const key = Object.keys(map).find((k) => k.toUpperCase() === name.toUpperCase());
  return key === undefined ? undefined : map[key];
}

function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

function base64url(s: string): Buffer {
  return Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

/** SHA256 fingerprint of the SPKI DER, as the driver puts into the JWT issuer. */
export function publicKeyFingerprint(pem: string): string {
  const der = createPublicKey(pem).export({ format: 'der', type: 'spki' });
  return 'SHA256:' + createHash('sha256').update(der).digest('base64');
}

function checkJwt(token: string, user: string, pem: string): void {
  const parts = token.split('.');
  if (parts.length !== 3) throw BAD_JWT();
  let header: { alg?: string };
  let payload: { iss?: string; sub?: string; exp?: number };
  try {
    header = JSON.parse(base64url(parts[0]).toString('utf8'));
    payload = JSON.parse(base64url(parts[1]).toString('utf8'));
  } catch {
    throw BAD_JWT();
  }
  if (header.alg !== 'RS256') throw BAD_JWT();
  const ok = verify('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), createPublicKey(pem), base64url(parts[2]));
  if (!ok) throw BAD_JWT();
  // sub = ACCOUNT.USER, iss = ACCOUNT.USER.SHA256:fingerprint; the account part is not checked (any account works).
  const subUser = (payload.sub ?? '').split('.').slice(1).join('.');
  if (subUser.toUpperCase() !== user.toUpperCase()) throw BAD_JWT();
  if (!(payload.iss ?? '').endsWith('.' + publicKeyFingerprint(pem))) throw BAD_JWT();
  // The Node driver writes exp in milliseconds; other clients use seconds.
  if (typeof payload.exp === 'number') {
    const expMs = payload.exp > 1e11 ? payload.exp : payload.exp * 1000;
    if (expMs < Date.now()) throw BAD_JWT();
  }
}

/** Returns the authenticated login name, or throws a SnowflakeError with Snowflake's code. */
export function authenticate(cfg: AuthConfig, data: LoginData): string {
  const authenticator = (data.AUTHENTICATOR ?? 'SNOWFLAKE').toUpperCase();
  const user = data.LOGIN_NAME ?? '';
  if (authenticator === 'OAUTH') {
    const token = data.TOKEN ?? '';
    const key = Object.keys(cfg.oauthTokens).find((t) => sameSecret(t, token));
    if (key === undefined) throw BAD_OAUTH();
    const owner = cfg.oauthTokens[key];
    if (user && user.toUpperCase() !== owner.toUpperCase()) throw BAD_OAUTH();
    return owner;
  }
  if (authenticator === 'SNOWFLAKE_JWT') {
    const pem = lookup(cfg.publicKeys, user);
    if (!pem || !data.TOKEN) throw BAD_JWT();
    checkJwt(data.TOKEN, user, pem);
    return user;
  }
  if (authenticator === 'SNOWFLAKE') {
    const expected = lookup(cfg.users, user);
    if (expected === undefined || !sameSecret(expected, data.PASSWORD ?? '')) throw BAD_PASSWORD();
    return user;
  }
  throw new SnowflakeError('390190', '08004', `Authenticator ${authenticator} is not supported by the emulator.`);
}
