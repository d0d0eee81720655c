// Login paths through the real snowflake-sdk against the emulator: password, key-pair JWT (plain and
// passphrase-encrypted keys), OAuth, and the errors users see when something is wrong.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSnowflakeWarehouse } from '../../client/src/warehouse/snowflake';
import { WarehouseError } from '../../client/src/warehouse/warehouse';
import type { Emulator } from '../snowflake-emulator/server';
import { PASSWORD, emulator, target } from './helpers';

function rsaPair(): { publicKey: string; privateKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

async function whoAmI(t: ReturnType<typeof target>): Promise<string> {
  const wh = createSnowflakeWarehouse(t);
  try {
    const s = await wh.openSession();
    const res = await s.execute('select current_user() as u, current_role() as r');
    return `${res.rows[0].U}/${res.rows[0].R}`;
  } finally {
    await wh.close();
  }
}

async function loginError(t: ReturnType<typeof target>): Promise<WarehouseError> {
  const wh = createSnowflakeWarehouse(t);
  try {
    await wh.openSession();
  } catch (e) {
    assert.ok(e instanceof WarehouseError, `expected WarehouseError, got ${String(e)}`);
    return e;
  } finally {
    await wh.close();
  }
  assert.fail('login unexpectedly succeeded');
}

describe('snowflake login', () => {
  let emu: Emulator;
  let dir: string;
  const jwtKey = rsaPair();
  const otherKey = rsaPair();
  const kim = rsaPair();
  const passphrase = 'key-pass-phrase-42';
  let encryptedPath: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bronze-sf-auth-'));
    encryptedPath = join(dir, 'kim.p8');
    const { createPrivateKey } = await import('node:crypto');
    const encrypted = createPrivateKey(kim.privateKey).export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase });
    writeFileSync(encryptedPath, encrypted);
    emu = await emulator({
      publicKeys: { svc_loader: jwtKey.publicKey, kim: kim.publicKey },
      oauthTokens: { 'oauth-access-token-123': 'olga' },
    });
  });

  after(async () => {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs in with user and password and upper-cases role/user like Snowflake', async () => {
    assert.equal(await whoAmI(target(emu)), 'ANN/TRANSFORMER');
  });

  it('rejects a wrong password with 390100, and the password never appears in the error', async () => {
    const wrong = 'Wr0ng-Secret-Value';
    const err = await loginError(target(emu, { password: wrong }));
    assert.equal(err.details.code, '390100');
    assert.match(err.message, /Incorrect username or password was specified\./);
    assert.match(err.message, /^Could not connect to Snowflake account emu_account as user ann/);
    const everything = `${err.message} ${err.stack ?? ''} ${JSON.stringify(err.details)}`;
    assert.ok(!everything.includes(wrong));
    assert.ok(!everything.includes(PASSWORD));
  });

  it('logs in with a key pair (inline PEM private_key) via SNOWFLAKE_JWT', async () => {
    const t = target(emu, { user: 'svc_loader', password: undefined, authenticator: 'snowflake_jwt', private_key: jwtKey.privateKey });
    assert.equal(await whoAmI(t), 'SVC_LOADER/TRANSFORMER');
  });

  it('logs in with a passphrase-encrypted private_key_path', async () => {
    const t = target(emu, {
      user: 'kim',
      password: undefined,
      authenticator: 'snowflake_jwt',
      private_key_path: encryptedPath,
      private_key_passphrase: passphrase,
    });
    assert.equal(await whoAmI(t), 'KIM/TRANSFORMER');
  });

  it('says the passphrase is wrong without echoing it', async () => {
    const bad = 'not-the-passphrase';
    const err = await loginError(
      target(emu, { user: 'kim', password: undefined, authenticator: 'snowflake_jwt', private_key_path: encryptedPath, private_key_passphrase: bad }),
    );
    assert.equal(err.details.code, 'config');
    assert.match(err.message, /target 'dev': cannot read the private key from the key file .*kim\.p8: the passphrase is wrong/);
    assert.ok(!err.message.includes(bad));
  });

  it('rejects a JWT signed by a key that is not registered for the user (390144)', async () => {
    const err = await loginError(
      target(emu, { user: 'svc_loader', password: undefined, authenticator: 'snowflake_jwt', private_key: otherKey.privateKey }),
    );
    assert.equal(err.details.code, '390144');
    assert.match(err.message, /JWT token is invalid\./);
  });

  it('accepts a configured OAuth token and rejects another', async () => {
    assert.equal(
      await whoAmI(target(emu, { user: undefined, password: undefined, authenticator: 'oauth', token: 'oauth-access-token-123' })),
      'OLGA/TRANSFORMER',
    );
    const err = await loginError(target(emu, { user: undefined, password: undefined, authenticator: 'oauth', token: 'stolen-token-999' }));
    assert.equal(err.details.code, '390303');
    assert.ok(!err.message.includes('stolen-token-999'));
  });

  it('explains missing configuration before connecting', async () => {
    const noAccount = await loginError(target(emu, { account: undefined }));
    assert.equal(
      noAccount.message,
      "profiles.yml, profile 'bronze', target 'dev': `account` is required for type snowflake (e.g. `xy12345.eu-west-1`).",
    );
    const noKey = await loginError(target(emu, { authenticator: 'snowflake_jwt', password: undefined }));
    assert.match(noKey.message, /authenticator snowflake_jwt needs `private_key_path` or `private_key`\./);
  });

  it('fails fast with a connection error when nothing listens on the port', async () => {
    const t0 = Date.now();
    const err = await loginError(target(emu, { port: 1 }));
    assert.equal(err.details.code, '401001');
    assert.match(err.message, /^Could not connect to Snowflake account emu_account as user ann: Snowflake could not be reached/);
    assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
  });
});
