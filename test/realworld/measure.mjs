#!/usr/bin/env node
// Measures Bronze on the laid-out real-world corpus: `ls` (load), `compile`, `check` and `build` (embedded
// DuckDB) per project, from source. Raw outputs and a summary.json go to <out>/.runs/<label>/; a Markdown
// summary with failures grouped by message is printed.
//
//   node test/realworld/measure.mjs [--out /work/realworld] [--only p1,p2] [--label NAME] [--skip compile,check,build]
//                                   [--snapshot]
//                                   [--twin] [--sample] [--rows N] [--work /tmp/realworld-work] [--compile-mode first|auto]
// (compile --mode first never touches the target, so templates that query it fail by name; auto asks the empty
// embedded DuckDB, as dbt's compile asks the warehouse)
//
// It runs `node --import tsx client/src/cli.ts` from this checkout, or with --snapshot from a copy of the
// committed HEAD (git archive into /tmp, node_modules linked), so files others are editing in the shared
// working tree cannot break or skew a measurement. Each command gets a fresh target/ and .bronze/.
import { spawnSync, execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const checkout = join(here, "..", "..");
let repoRoot = checkout;

function parseArgs(argv) {
  const opts = { out: "/work/realworld", only: null, label: null, skip: new Set(), timeout: 900, snapshot: false, twin: false, sample: false, work: "/tmp/realworld-work", compileMode: "first", rows: 20 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--out") opts.out = next();
    else if (a === "--only") opts.only = next().split(",").map((s) => s.trim()).filter(Boolean);
    else if (a === "--label") opts.label = next();
    else if (a === "--skip") for (const s of next().split(",")) opts.skip.add(s.trim());
    else if (a === "--timeout") opts.timeout = Number(next());
    else if (a === "--snapshot") opts.snapshot = true;
    else if (a === "--twin") opts.twin = true;
    else if (a === "--sample") opts.sample = true;
    // rows per sampled source; projects that list event tables by row count (mattermost: `row_count >= 100`) need more
    else if (a === "--rows") opts.rows = Number(next());
    else if (a === "--compile-mode") opts.compileMode = next();
    else if (a === "--work") opts.work = next();
    else throw new Error(`unknown argument ${a}`);
  }
  return opts;
}

function bronze(args, timeoutS, env = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["--import", "tsx", "client/src/cli.ts", ...args], {
    cwd: repoRoot,
    encoding: "utf8",
    maxBuffer: 1 << 30,
    timeout: timeoutS * 1000,
    env: { ...process.env, ...env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { status: r.status, signal: r.signal, stdout: r.stdout ?? "", stderr: r.stderr ?? "", seconds: Math.round(seconds * 100) / 100 };
}

// One grouping key per failure: the message's first line with per-instance details (numbers, double-quoted
// names, query ids) blanked, so "same cause, different table" lands in one group.
function causeKey(message) {
  return message
    .split("\n")[0]
    .replace(/\(code [A-Z_]+, query id [^)]*\)/g, "")
    .replace(/query id [\w-]+/g, "")
    .replace(/"[^"]*"/g, '"…"')
    // the twin's missing-table advice names the table, its database and the catalog file
    .replace(/database \S+ is the file \S+: create \S+ there/g, "database … is the file …: create … there")
    .replace(/Relation \S+ does not exist/g, "Relation … does not exist")
    .replace(/\b\d+(\.\d+)?\b/g, "N")
    .replace(/\s+/g, " ")
    .trim();
}

function group(items) {
  const groups = new Map();
  for (const it of items) {
    const key = causeKey(it.message);
    const g = groups.get(key) ?? { cause: key, count: 0, example: it };
    g.count++;
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

// `bronze compile` writes "<file>:<line>:<col>: error compiling <model>: <message>" (message may span lines).
function parseCompile(stderr, projectDir) {
  const failures = [];
  let summary = null;
  for (const line of stderr.split("\n")) {
    const m = /^(.*?):(\d+):(\d+): error compiling (\S+): (.*)$/.exec(line) ?? /^(\/\S+?): error compiling (\S+): (.*)$/.exec(line);
    if (m && m.length === 6) failures.push({ file: relative(projectDir, m[1]), line: Number(m[2]), node: m[4], message: m[5] });
    else if (m && m.length === 4) failures.push({ file: relative(projectDir, m[1]), line: null, node: m[2], message: m[3] });
    else if (failures.length && line && !/^Compiled /.test(line)) failures[failures.length - 1].message += "\n" + line;
  }
  const s = /Compiled (\d+) models?[^;\n]*(?:; (\d+) failed)?/.exec(stderr + "\n");
  if (s) summary = { compiled: Number(s[1]), failed: Number(s[2] ?? 0) };
  return { failures, summary };
}

// `bronze check` writes "<file>:<line>:<col>: <severity> <rule>: <message>".
function parseCheck(stdout, projectDir) {
  const diags = [];
  for (const line of stdout.split("\n")) {
    const m = /^(.*?):(\d+):(\d+): (error|warning|info|hint) (\S+): (.*)$/.exec(line);
    if (m) diags.push({ file: relative(projectDir, m[1]), line: Number(m[2]), severity: m[4], rule: m[5], message: m[6] });
  }
  const bySeverityRule = {};
  for (const d of diags) {
    const k = `${d.severity} ${d.rule}`;
    bySeverityRule[k] = (bySeverityRule[k] ?? 0) + 1;
  }
  return { diags, bySeverityRule };
}

function parseBuild(stdout) {
  let json;
  try {
    json = JSON.parse(stdout);
  } catch {
    return null;
  }
  const byType = {};
  const problems = [];
  for (const r of json.results ?? []) {
    const t = (byType[r.resource_type] ??= {});
    t[r.status] = (t[r.status] ?? 0) + 1;
    if (r.status === "error" || r.status === "fail") problems.push({ node: r.unique_id, status: r.status, message: String(r.message ?? "") });
  }
  return { summary: json.summary, byType, problems };
}

// The results of several commands (projects.json `twin.commands`) as one: statuses counted per resource type, problems
// grouped together, the summary the last command's.
function mergeParsed(parsed) {
  const byType = {};
  for (const p of parsed)
    for (const [type, counts] of Object.entries(p.byType)) {
      const t = (byType[type] ??= {});
      for (const [status, n] of Object.entries(counts)) t[status] = (t[status] ?? 0) + n;
    }
  return { summary: parsed.at(-1).summary, byType, groups: group(parsed.flatMap((p) => p.problems)) };
}

// The profile a laid-out project's dbt_project.yml names.
const profileNameOf = (laidOut) => /^profile:\s*["']?([^"'\s#]+)/m.exec(readFileSync(join(laidOut, "dbt_project.yml"), "utf8"))?.[1] ?? "default";

// Flags a project needs on every command (projects.json `args`): `duckdbProfile: true` gives it a profiles.yml of
// our own (outside the project, which stays unedited) whose only output is the embedded DuckDB, for projects whose
// profiles.yml names only other warehouses.
export function projectArgs(project, laidOut) {
  if (!project.args?.duckdbProfile) return [];
  const profileName = profileNameOf(laidOut);
  const dir = join("/tmp/realworld-profiles", project.name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "profiles.yml"), `${profileName}:\n  target: local\n  outputs:\n    local:\n      type: duckdb\n      path: .bronze/local.duckdb\n`);
  return ["--profiles-dir", dir];
}

// projects.json `twin.snowflakeProfile` ({ database, schema }): a Snowflake profile of ours (placeholder credentials,
// outside the project) for a project whose repository commits none, so the twin is shaped like the target its users
// run — dbt itself cannot run such a project without one. Returns the profiles folder.
export function snowflakeProfileDir(project, laidOut) {
  const sf = project.twin?.snowflakeProfile;
  if (!sf) return null;
  const profileName = profileNameOf(laidOut);
  const dir = join("/tmp/realworld-profiles", `${project.name}-snowflake`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "profiles.yml"),
    `${profileName}:\n  target: dev\n  outputs:\n    dev:\n      type: snowflake\n      account: unused\n      user: unused\n      password: unused\n      role: unused\n      warehouse: unused\n      database: ${sf.database}\n      schema: ${sf.schema}\n      threads: 1\n`,
  );
  return dir;
}

// A copy of the committed tree at HEAD (reused when it exists), sharing this checkout's node_modules.
function snapshotOfHead() {
  const full = execFileSync("git", ["rev-parse", "HEAD"], { cwd: checkout, encoding: "utf8" }).trim();
  const dir = join("/tmp", `bronze-snapshot-${full.slice(0, 12)}`);
  if (!existsSync(join(dir, "client", "src", "cli.ts"))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const tar = execFileSync("git", ["archive", "--format=tar", full], { cwd: checkout, maxBuffer: 1 << 30 });
    execFileSync("tar", ["-x", "-C", dir], { input: tar, maxBuffer: 1 << 30 });
    symlinkSync(join(checkout, "node_modules"), join(dir, "node_modules"));
  }
  return { dir, commit: full.slice(0, 12) };
}

// Commands run on a private copy of the laid-out project (others run Bronze in /work/realworld at the same time,
// writing target/ and .bronze/ there); each command starts from a fresh copy, without target/ or .bronze/.
function fresh(laidOut, work) {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(dirname(work), { recursive: true });
  const skip = new Set([join(laidOut, "target"), join(laidOut, ".bronze")]);
  cpSync(laidOut, work, { recursive: true, filter: (src) => !skip.has(src) });
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const config = JSON.parse(readFileSync(join(here, "projects.json"), "utf8"));
  let snapshotCommit = null;
  if (opts.snapshot) ({ dir: repoRoot, commit: snapshotCommit } = snapshotOfHead());
  // With --snapshot, the commit the copy was made from (HEAD may move while this runs).
  const commit = snapshotCommit ?? execFileSync("git", ["rev-parse", "--short=12", "HEAD"], { cwd: checkout, encoding: "utf8" }).trim();
  // Engine files modified but not committed in the shared tree (0 with --snapshot: the copy is HEAD exactly).
  const dirty = opts.snapshot ? 0 : execFileSync("git", ["status", "--porcelain", "--untracked-files=no", "--", "server", "client"], { cwd: checkout, encoding: "utf8" }).trim().split("\n").filter(Boolean).length;
  const stamp = new Date().toISOString().replace(/[:]/g, "").replace(/\..*/, "Z");
  const label = opts.label ?? `${stamp}-${commit}`;
  const runDir = join(opts.out, ".runs", label);
  mkdirSync(runDir, { recursive: true });
  const results = { label, date: new Date().toISOString(), bronzeCommit: commit, ranFrom: repoRoot, modifiedEngineFiles: dirty, projects: {} };
  console.log(`Bronze ${commit}${dirty ? ` + ${dirty} modified engine files` : ""}, run from ${repoRoot}`);
  for (const project of config.projects) {
    if (opts.only && !opts.only.includes(project.name)) continue;
    const laidOut = join(opts.out, project.name);
    if (!existsSync(join(laidOut, "dbt_project.yml"))) {
      console.error(`${project.name}: not laid out at ${laidOut} (run node test/realworld/layout.mjs)`);
      continue;
    }
    const dir = join(opts.work, project.name);
    const extra = projectArgs(project, laidOut);
    const res = { dir };
    const save = (cmd, r) => {
      writeFileSync(join(runDir, `${project.name}.${cmd}.stdout`), r.stdout);
      writeFileSync(join(runDir, `${project.name}.${cmd}.stderr`), r.stderr);
    };
    fresh(laidOut, dir);
    // projects.json `env`: variables the project's own setup asks for (env.example, README), on every command.
    const projectEnv = project.env ?? {};
    const ls = bronze(["ls", "--project-dir", dir, "--output", "json", ...extra], opts.timeout, projectEnv);
    save("ls", ls);
    let nodes = null;
    try {
      const lines = ls.stdout.split("\n").filter((l) => l.trim().startsWith("{"));
      nodes = {};
      for (const l of lines) {
        const n = JSON.parse(l);
        const t = n.resource_type ?? "unknown";
        nodes[t] = (nodes[t] ?? 0) + 1;
      }
    } catch {
      nodes = null;
    }
    res.ls = { status: ls.status, seconds: ls.seconds, nodes, stderrHead: ls.stderr.split("\n").slice(0, 5).join("\n") };

    if (!opts.skip.has("compile")) {
      fresh(laidOut, dir);
      const compile = bronze(["compile", "--project-dir", dir, "--mode", opts.compileMode, ...extra], opts.timeout, projectEnv);
      save("compile", compile);
      const pc = parseCompile(compile.stderr, dir);
      res.compile = { status: compile.status, seconds: compile.seconds, summary: pc.summary, groups: group(pc.failures) };
    }

    if (!opts.skip.has("check")) {
      fresh(laidOut, dir);
      // In-process (BRONZE_DAEMON=0, which older commits ignore): a plain check of a project this size would leave a
      // check daemon running for each project measured.
      const check = bronze(["check", "--project-dir", dir, ...extra], opts.timeout, { ...projectEnv, BRONZE_DAEMON: "0" });
      save("check", check);
      const pk = parseCheck(check.stdout + "\n" + check.stderr, dir);
      res.check = {
        status: check.status,
        seconds: check.seconds,
        bySeverityRule: pk.bySeverityRule,
        errors: pk.diags.filter((d) => d.severity === "error"),
        tail: check.stdout.trim().split("\n").slice(-1)[0],
      };
    }

    if (!opts.skip.has("build")) {
      fresh(laidOut, dir);
      // --twin: the local twin (`--target local`: one DuckDB catalog per Snowflake database), with the project's
      // own profile folder and placeholder env vars where projects.json names them (`twin`).
      const twinArgs = opts.twin && (project.twin?.profilesDir || project.twin?.snowflakeProfile) ? [] : [...extra];
      let twinEnv = projectEnv;
      if (opts.twin) {
        twinArgs.push("--target", "local");
        if (project.twin?.profilesDir) twinArgs.push("--profiles-dir", join(dir, project.twin.profilesDir));
        const sfDir = snowflakeProfileDir(project, laidOut);
        if (sfDir) twinArgs.push("--profiles-dir", sfDir);
        twinEnv = { ...projectEnv, ...(project.twin?.env ?? {}) };
      }
      if (opts.sample) {
        // --sample: synthetic RAW rows for every declared source first, so models run on data instead of stopping
        // at the first missing source table.
        // A source the sampler cannot type stops it (FINDINGS O11); such sources are excluded one by one and
        // reported, so the rest still gets data.
        // (`sample` ignores --exclude, so the rest are selected with -s.)
        const skipped = [];
        let sample;
        let seconds = 0;
        const sources = ls.stdout
          .split("\n")
          .filter((l) => l.trim().startsWith("{"))
          .map((l) => JSON.parse(l))
          .filter((n) => n.resource_type === "source")
          .map((n) => n.unique_id.split(".").slice(2).join("."));
        for (;;) {
          const keep = sources.filter((x) => !skipped.includes(x));
          const sel = skipped.length ? ["-s", keep.map((x) => `source:${x}`).join(" ")] : [];
          if (skipped.length && !keep.length) break;
          sample = bronze(["sample", "--synthetic", "--rows", String(opts.rows), "--seed", "1", "--project-dir", dir, ...sel, ...twinArgs], opts.timeout, twinEnv);
          seconds += sample.seconds;
          const untyped = /source (\S+) declares no columns/.exec(sample.stderr + sample.stdout);
          // exit 1 = written with untyped sources left out (91f484b); only exit 2 stopped everything
          if (sample.status !== 2 || !untyped || skipped.includes(untyped[1]) || skipped.length >= 15) break; // bounded: each try is a full sample run
          skipped.push(untyped[1]);
        }
        save("sample", sample);
        res.sample = { status: sample.status, seconds: Math.round(seconds * 100) / 100, skippedSources: skipped, tail: (sample.stdout + sample.stderr).trim().split("\n").slice(-3).join("\n") };
      }
      // projects.json `twin.commands`: the commands its users run instead of `build` (e.g. robling's runner runs
      // `dbt run` then `dbt test`, never `dbt build`), each in turn; their results are counted together.
      const commands = project.twin?.commands ?? ["build"];
      const runs = commands.map((command) => {
        const out = bronze([command, "--project-dir", dir, "--output", "json", ...twinArgs], opts.timeout, twinEnv);
        save(command, out);
        return { command, out, parsed: parseBuild(out.stdout) };
      });
      const seconds = Math.round(runs.reduce((a, r) => a + r.out.seconds, 0) * 100) / 100;
      const failed = runs.find((r) => !r.parsed);
      res.build = failed
        ? { status: failed.out.status, seconds, signal: failed.out.signal, stderrTail: failed.out.stderr.split("\n").slice(-15).join("\n") }
        : { status: Math.max(...runs.map((r) => r.out.status)), seconds, commands, ...mergeParsed(runs.map((r) => r.parsed)) };
    }
    rmSync(dir, { recursive: true, force: true });
    results.projects[project.name] = res;
    report(project.name, res);
  }
  writeFileSync(join(runDir, "summary.json"), JSON.stringify(results, null, 2) + "\n");
  console.log(`\nraw outputs and summary.json: ${runDir}`);
}

function report(name, r) {
  const out = [];
  out.push(`\n## ${name}`);
  const nodes = r.ls.nodes ? Object.entries(r.ls.nodes).map(([k, v]) => `${v} ${k}`).join(", ") : `ls failed (exit ${r.ls.status})`;
  out.push(`load (bronze ls): ${r.ls.seconds}s — ${nodes}`);
  if (r.compile) {
    const cs = r.compile.summary;
    out.push(`compile: ${cs ? `${cs.compiled}/${cs.compiled + cs.failed} models` : `no summary (exit ${r.compile.status})`} in ${r.compile.seconds}s`);
    for (const g of r.compile.groups) out.push(`  ${String(g.count).padStart(4)} × ${g.cause}   e.g. ${g.example.node} (${g.example.file}${g.example.line ? `:${g.example.line}` : ""})`);
  }
  if (r.check) {
    out.push(`check: ${r.check.tail} in ${r.check.seconds}s`);
    for (const [k, v] of Object.entries(r.check.bySeverityRule).sort((a, b) => b[1] - a[1])) out.push(`  ${String(v).padStart(4)} × ${k}`);
  }
  if (r.sample) out.push(`sample --synthetic: exit ${r.sample.status} in ${r.sample.seconds}s${r.sample.skippedSources.length ? `, ${r.sample.skippedSources.length} untyped sources excluded` : ""} — ${r.sample.tail.replace(/\n/g, " | ")}`);
  if (r.build) {
    if (r.build.summary) {
      const m = r.build.byType.model ?? {};
      const total = Object.values(m).reduce((a, b) => a + b, 0);
      out.push(`${(r.build.commands ?? ["build"]).join(" + ")}: models ${m.success ?? 0}/${total} built; ${JSON.stringify(r.build.byType)} in ${r.build.seconds}s`);
      for (const g of r.build.groups) out.push(`  ${String(g.count).padStart(4)} × ${g.cause}   e.g. ${g.example.node}`);
    } else out.push(`build: no JSON (exit ${r.build.status}${r.build.signal ? `, ${r.build.signal}` : ""}) in ${r.build.seconds}s\n${r.build.stderrTail}`);
  }
  console.log(out.join("\n"));
}

main();
