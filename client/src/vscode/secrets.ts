// Snowflake secrets typed into VS Code live in SecretStorage (the OS keychain), keyed by project, profile and
// target. They reach the runner only as in-memory targetOverrides; nothing here writes settings or logs them.
import * as vscode from 'vscode';

export type SecretKind = 'password' | 'private_key_passphrase';

export const SECRET_LABELS: Record<SecretKind, string> = {
  password: 'Password',
  private_key_passphrase: 'Private key passphrase',
};

export interface SecretScope {
  projectRoot: string;
  profile: string;
  target: string;
}

export function secretKey(scope: SecretScope, kind: SecretKind): string {
  return `bronze:${kind}:${scope.profile}:${scope.target}:${scope.projectRoot}`;
}

export class Secrets {
  constructor(private readonly storage: vscode.SecretStorage) {}

  async set(scope: SecretScope, kind: SecretKind, value: string): Promise<void> {
    await this.storage.store(secretKey(scope, kind), value);
  }

  async clear(scope: SecretScope, kind: SecretKind): Promise<void> {
    await this.storage.delete(secretKey(scope, kind));
  }

  /** Target fields to override for a run: only the secrets stored for this scope. */
  async overrides(scope: SecretScope): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const kind of Object.keys(SECRET_LABELS) as SecretKind[]) {
      const value = await this.storage.get(secretKey(scope, kind));
      if (value) out[kind] = value;
    }
    return out;
  }
}
