import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectedPackageName, missingPackages } from '../../server/src/project/packages-installed';
import { parseYaml } from '../../server/src/project/yaml-source';

describe('packages.yml entries that are not installed', () => {
  it('reads the name each entry installs as', () => {
    assert.equal(expectedPackageName({ package: 'dbt-labs/dbt_utils', version: '1.3.0' }), 'dbt_utils');
    assert.equal(expectedPackageName({ package: 'dbt-labs/codegen' }), 'codegen');
    assert.equal(expectedPackageName({ git: 'https://example.invalid/acme/dbt-utils.git', revision: '1.0' }), 'dbt_utils');
    assert.equal(expectedPackageName({ local: '../shared_macros/' }), 'shared_macros');
    assert.equal(expectedPackageName({ tarball: 'https://x/a.tar.gz', name: 'acme' }), 'acme');
    // A package's own integration project (`local: ../`) copied away from its package: no name to look for.
    assert.equal(expectedPackageName({ local: '../' }), undefined);
  });

  it('warns on each entry with nothing installed, at the entry, and says to run bronze deps', () => {
    const text = 'packages:\n  - package: dbt-labs/dbt_utils\n    version: 1.3.0\n  - package: dbt-labs/codegen\n    version: 0.13.1\n';
    const src = parseYaml('/p/packages.yml', text);
    const none = missingPackages(src, src.value, [], 'dbt_packages');
    assert.deepEqual(none.map((d) => [d.code, d.severity, d.range.start.line]), [['bronze/package-not-installed', 'warning', 1], ['bronze/package-not-installed', 'warning', 3]]);
    assert.match(none[0].message, /Package 'dbt_utils' is declared here but not installed in dbt_packages\/: .*Run `bronze deps`/);
    assert.deepEqual(missingPackages(src, src.value, ['dbt_utils', 'codegen'], 'dbt_packages'), []);
    const local = parseYaml('/p/packages.yml', 'packages:\n  - local: ../\n');
    assert.deepEqual(missingPackages(local, local.value, ['dbt_expectations'], 'dbt_packages', '/nonexistent/project'), []);
  });
});

describe('a call into a package that is not installed', () => {
  it('fails to compile with an error that says to install the package', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { Engine, offlineResolver } = await import('../../server/src/engine');
    const dir = mkdtempSync(join(tmpdir(), 'bronze-nopkg-'));
    try {
      mkdirSync(join(dir, 'models'));
      writeFileSync(join(dir, 'dbt_project.yml'), 'name: p\nprofile: p\n');
      writeFileSync(join(dir, 'packages.yml'), 'packages:\n  - package: dbt-labs/dbt_utils\n    version: 1.3.0\n');
      writeFileSync(join(dir, 'models', 'spine.sql'), "select {{ dbt_utils.date_spine('day', \"'2024-01-01'\", \"'2024-01-05'\") }}\n");
      const engine = await Engine.open({ projectDir: dir });
      assert.ok(engine.allDiagnostics().some((d) => d.code === 'bronze/package-not-installed'));
      const model = engine.findModel('spine')!;
      await assert.rejects(
        engine.compileModel(model, { invocationId: 'x', runStartedAt: new Date(0), fullRefresh: false, which: 'compile', existing: null, resolve: offlineResolver(model.relation, 'first') }),
        /'dbt_utils\.date_spine' cannot be called\. If 'dbt_utils' is a package, check that packages\.yml declares it and run `bronze deps`/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
