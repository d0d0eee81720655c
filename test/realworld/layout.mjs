#!/usr/bin/env node
// Lays out the real-world corpus (test/realworld/projects.json) from fetched bare mirrors:
// each project at its pinned commit, plus the packages it declares at the tags `dbt deps`
// would pick, installed under <project>/dbt_packages/<name from the package's dbt_project.yml>.
// Plain Node (no npm dependencies) so it runs before anything is installed.
//
//   node test/realworld/layout.mjs [--mirrors /work/.mirror] [--out /work/realworld] [--only name,name] [--force]
//
// Idempotent: a project whose layout record (<out>/.layout/<name>.json) matches what would be
// laid out is left untouched; anything else is removed and extracted again.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const opts = { mirrors: "/work/.mirror", out: "/work/realworld", only: null, force: false, config: join(here, "projects.json") };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--mirrors") opts.mirrors = next();
    else if (a === "--out") opts.out = next();
    else if (a === "--only") opts.only = next().split(",").map((s) => s.trim()).filter(Boolean);
    else if (a === "--config") opts.config = next();
    else if (a === "--force") opts.force = true;
    else if (a === "-h" || a === "--help") {
      console.log("usage: node test/realworld/layout.mjs [--mirrors DIR] [--out DIR] [--only p1,p2] [--force] [--config FILE]");
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return opts;
}

// ---------- git on a bare mirror ----------

function mirrorDir(mirrors, repo) {
  const [owner, name] = repo.split("/");
  const dir = join(mirrors, `${owner}+${name}`, "repo");
  if (!existsSync(dir)) throw new Error(`mirror of ${repo} not found at ${dir} (fetch github:${repo} first)`);
  return dir;
}

function git(gitDir, args, opts = {}) {
  return execFileSync("git", ["--git-dir", gitDir, ...args], { encoding: opts.encoding ?? "utf8", maxBuffer: 1 << 30, stdio: ["ignore", "pipe", "pipe"] });
}

function showFile(gitDir, rev, path) {
  try {
    return git(gitDir, ["show", `${rev}:${path}`]);
  } catch {
    return null;
  }
}

function revParse(gitDir, rev) {
  return git(gitDir, ["rev-parse", "--verify", "--quiet", `${rev}^{commit}`]).trim();
}

// Files whose content the mirror lacks (fetched snapshots leave out files of 4 MiB and more): paths relative
// to the tree-ish. `git archive` stops at the first one, so they are left out by name and reported.
export function missingBlobs(gitDir, treeish) {
  const entries = git(gitDir, ["ls-tree", "-r", "-z", treeish])
    .split("\0")
    .filter(Boolean)
    .map((e) => /^\d+ blob ([0-9a-f]+)\t(.*)$/s.exec(e))
    .filter((m) => m !== null);
  if (!entries.length) return [];
  const out = execFileSync("git", ["--git-dir", gitDir, "cat-file", "--batch-check"], {
    input: entries.map((m) => m[1]).join("\n") + "\n",
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  const missing = new Set(out.split("\n").filter((l) => l.endsWith(" missing")).map((l) => l.split(" ")[0]));
  return entries.filter((m) => missing.has(m[1])).map((m) => m[2]);
}

function extract(gitDir, rev, subdir, dest) {
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  const treeish = subdir ? `${rev}:${subdir}` : rev;
  const missing = missingBlobs(gitDir, treeish);
  if (missing.length) console.warn(`  ! ${treeish}: ${missing.length} file(s) absent from the mirror, left out: ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ", …" : ""}`);
  const pathspecs = missing.length ? ["--", ".", ...missing.map((p) => `:(exclude,literal)${p}`)] : [];
  const tar = git(gitDir, ["archive", "--format=tar", treeish, ...pathspecs], { encoding: "buffer" });
  execFileSync("tar", ["-x", "-C", dest], { input: tar, maxBuffer: 1 << 30 });
}

// ---------- the subset of YAML that packages.yml / dependencies.yml / dbt_project.yml `name:` use ----------

function unquote(s) {
  const t = s.trim();
  if ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'"))) return t.slice(1, -1);
  return t;
}

function stripComment(line) {
  let q = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (c === q) q = null;
    } else if (c === '"' || c === "'") q = c;
    else if (c === "#" && (i === 0 || /\s/.test(line[i - 1]))) return line.slice(0, i);
  }
  return line;
}

function scalarOrFlowList(raw) {
  const t = raw.trim();
  if (t.startsWith("[")) {
    if (!t.endsWith("]")) throw new Error(`unsupported flow value ${t}`);
    return t.slice(1, -1).split(",").map((s) => unquote(s)).filter((s) => s !== "");
  }
  return unquote(t);
}

// Reads `packages:` (or `projects:` in dependencies.yml) as a list of flat mappings whose values
// are scalars, flow lists or block lists. Anything else is rejected loudly rather than misread.
export function parsePackageList(text, file) {
  if (/\{\{|\{%/.test(text)) throw new Error(`${file}: Jinja in a packages file is not supported by layout.mjs`);
  const lines = text.split(/\r?\n/).map(stripComment);
  const entries = [];
  let inList = false;
  let cur = null;
  let itemIndent = -1;
  let pendingKey = null;
  for (const line of lines) {
    if (!line.trim()) continue;
    const indent = line.length - line.trimStart().length;
    const body = line.trim();
    // A block sequence may sit at its key's own indentation (`packages:` then `- package: …` at column 0).
    if (indent === 0 && !(inList && body.startsWith("- "))) {
      inList = /^(packages|projects)\s*:\s*$/.test(body);
      if (!inList && /^(packages|projects)\s*:\s*\[\s*\]\s*$/.test(body)) inList = false;
      cur = null;
      pendingKey = null;
      continue;
    }
    if (!inList) continue;
    if (body.startsWith("- ") && (itemIndent === -1 || indent <= itemIndent)) {
      itemIndent = indent;
      cur = {};
      entries.push(cur);
      pendingKey = null;
      const rest = body.slice(2);
      const m = /^([A-Za-z_-]+)\s*:\s*(.*)$/.exec(rest);
      if (!m) throw new Error(`${file}: unsupported list item ${body}`);
      if (m[2] === "") pendingKey = m[1];
      else cur[m[1]] = scalarOrFlowList(m[2]);
      continue;
    }
    if (!cur) throw new Error(`${file}: unexpected line ${body}`);
    if (body.startsWith("- ") && pendingKey) {
      const prev = cur[pendingKey];
      cur[pendingKey] = [...(Array.isArray(prev) ? prev : []), unquote(body.slice(2))];
      continue;
    }
    const m = /^([A-Za-z_-]+)\s*:\s*(.*)$/.exec(body);
    if (!m) throw new Error(`${file}: unsupported line ${body}`);
    if (m[2] === "") pendingKey = m[1];
    else {
      cur[m[1]] = scalarOrFlowList(m[2]);
      pendingKey = null;
    }
  }
  return entries;
}

function topLevelScalar(text, key) {
  for (const raw of text.split(/\r?\n/)) {
    const line = stripComment(raw);
    const m = new RegExp(`^${key}\\s*:\\s*(.+)$`).exec(line);
    if (m) return unquote(m[1]);
  }
  return null;
}

// ---------- versions ----------

function parseVersion(s) {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-.]?((?:a|b|rc|alpha|beta)[-.]?\d*))?$/i.exec(String(s).trim());
  if (!m) return null;
  return { nums: [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)], pre: m[4] ?? null };
}

function cmp(a, b) {
  for (let i = 0; i < 3; i++) if (a.nums[i] !== b.nums[i]) return a.nums[i] - b.nums[i];
  if (a.pre === b.pre) return 0;
  if (a.pre === null) return 1;
  if (b.pre === null) return -1;
  return a.pre < b.pre ? -1 : 1;
}

function parseConstraint(c) {
  const m = /^(>=|<=|==|=|>|<)?\s*(.+)$/.exec(String(c).trim());
  const v = parseVersion(m[2]);
  if (!v) throw new Error(`unreadable version constraint ${c}`);
  return { op: m[1] && m[1] !== "=" ? m[1] : "==", v };
}

function satisfies(v, cons) {
  return cons.every(({ op, v: w }) => {
    const d = cmp(v, w);
    return op === "==" ? d === 0 : op === ">=" ? d >= 0 : op === "<=" ? d <= 0 : op === ">" ? d > 0 : d < 0;
  });
}

function resolveTag(gitDir, constraints, label) {
  return pickTag(git(gitDir, ["tag"]).split("\n").filter(Boolean), constraints, label);
}

/** The highest release tag satisfying every constraint ("1.3.0", ">=0.8.0", "<2.0.0"), as `dbt deps` picks from the Hub. */
export function pickTag(tags, constraints, label) {
  const cons = constraints.map(parseConstraint);
  const exactPre = cons.some((c) => c.op === "==" && c.v.pre);
  let best = null;
  for (const tag of tags) {
    const v = parseVersion(tag);
    if (!v || (v.pre && !exactPre) || !satisfies(v, cons)) continue;
    // "1.2.0" and "v1.2.0" can both exist; prefer the unprefixed spelling on a tie.
    if (!best || cmp(v, best.v) > 0 || (cmp(v, best.v) === 0 && !tag.startsWith("v"))) best = { tag, v };
  }
  if (!best) throw new Error(`no tag of ${label} satisfies ${constraints.join(", ")}`);
  return best.tag;
}

// ---------- package resolution ----------

function githubRepoOf(url) {
  const m = /github\.com[/:]([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(url);
  if (!m) throw new Error(`git package ${url} is not a GitHub URL`);
  return `${m[1]}/${m[2]}`;
}

function asList(v) {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

// A project's package-lock.yml, when present, is what `dbt deps` installs (every package, transitive ones
// included, at an exact version), so it takes the place of packages.yml.
function readDeclared(gitDir, rev, dir, label, { lock = false } = {}) {
  const out = [];
  if (lock) {
    const text = showFile(gitDir, rev, dir ? `${dir}/package-lock.yml` : "package-lock.yml");
    if (text !== null) return { entries: parsePackageList(text, `${label}/package-lock.yml`), from: "package-lock.yml" };
  }
  for (const f of ["packages.yml", "dependencies.yml"]) {
    const text = showFile(gitDir, rev, dir ? `${dir}/${f}` : f);
    if (text === null) continue;
    for (const e of parsePackageList(text, `${label}/${f}`)) out.push(e);
  }
  return { entries: out, from: "packages.yml" };
}

// Resolves the full set of packages (transitively) that `dbt deps` would install.
// `substitute` (projects.json, per project) replaces every constraint on a Hub package by one exact version:
// used only where the fetched mirror lacks the declared tag, and reported in the output.
// A `local:` entry of the project names a folder of the project's own repository (e.g. a package's
// integration_tests using `local: ../`): it is installed from that repository at the project's commit.
function resolvePackages(config, mirrors, declared, label, substitute = {}, projectCtx) {
  const hubConstraints = new Map(); // hub name → constraints
  const gitPins = new Map(); // "repo//subdirectory" → { repo, revision, subdirectory, local? }
  const add = (entries, from) => {
    let changed = false;
    for (const e of entries) {
      if (e.package) {
        const key = e.package;
        const list = hubConstraints.get(key) ?? [];
        for (const c of asList(e.version)) {
          if (!list.includes(c)) {
            list.push(c);
            changed = true;
          }
        }
        if (!hubConstraints.has(key)) changed = true;
        hubConstraints.set(key, list);
      } else if (e.git) {
        const repo = githubRepoOf(e.git);
        const revision = e.revision ?? "HEAD";
        const subdirectory = e.subdirectory ?? "";
        const key = `${repo}//${subdirectory}`;
        const prev = gitPins.get(key);
        if (!prev) {
          gitPins.set(key, { repo, revision, subdirectory });
          changed = true;
        } else if (prev.revision !== revision) {
          console.warn(`  ! ${label}: ${repo} pinned at ${prev.revision} and ${revision} (${from}); keeping the first`);
        }
      } else if (e.local) {
        if (from !== "project") {
          console.warn(`  ! ${label}: local package ${e.local} declared by ${from} is not installed`);
          continue;
        }
        const subdirectory = posix.normalize(posix.join(projectCtx.subdir || ".", e.local)).replace(/\/$/, "").replace(/^\.$/, "");
        if (subdirectory.startsWith("..")) throw new Error(`${label}: local package ${e.local} is outside the repository`);
        const key = `${projectCtx.repo}//${subdirectory}`;
        if (!gitPins.has(key)) {
          gitPins.set(key, { repo: projectCtx.repo, revision: projectCtx.commit, subdirectory, local: e.local });
          changed = true;
        }
      } else if (e.tarball) {
        throw new Error(`${label}: tarball packages are not supported (${e.tarball})`);
      } else if (e.name || e.project) {
        // dependencies.yml `projects:` entries name other dbt Cloud projects; nothing to install.
      } else throw new Error(`${label}: unreadable package entry ${JSON.stringify(e)}`);
    }
    return changed;
  };
  add(declared, "project");
  let resolved = new Map();
  for (let round = 0; round < 20; round++) {
    resolved = new Map();
    const found = [];
    for (const [hubName, cons] of hubConstraints) {
      const repo = config.hub[hubName];
      if (!repo) throw new Error(`${label}: hub package ${hubName} has no GitHub repository in projects.json "hub"`);
      const gitDir = mirrorDir(mirrors, repo);
      const sub = substitute[hubName];
      const effective = sub ? [sub.version] : cons.length ? cons : [">=0.0.0"];
      const tag = resolveTag(gitDir, effective, hubName);
      resolved.set(`hub:${hubName}`, { source: hubName, repo, rev: tag, subdirectory: "", constraints: cons, substituted: sub ? sub.why : undefined });
      found.push(...readDeclared(gitDir, tag, "", `${repo}@${tag}`).entries.map((e) => [e, `${repo}@${tag}`]));
    }
    for (const [key, pin] of gitPins) {
      const gitDir = mirrorDir(mirrors, pin.repo);
      const source = pin.local ? `local ${pin.local}` : `git ${pin.repo}`;
      resolved.set(`git:${key}`, { source, repo: pin.repo, rev: pin.revision, subdirectory: pin.subdirectory, constraints: [] });
      found.push(...readDeclared(gitDir, pin.revision, pin.subdirectory, `${pin.repo}@${pin.revision}`).entries.map((e) => [e, `${pin.repo}@${pin.revision}`]));
    }
    let changed = false;
    for (const [e, from] of found) if (add([e], from)) changed = true;
    if (!changed) return [...resolved.values()];
  }
  throw new Error(`${label}: package resolution did not settle`);
}

// ---------- layout ----------

function layoutProject(config, opts, project) {
  const gitDir = mirrorDir(opts.mirrors, project.repo);
  const commit = revParse(gitDir, project.commit);
  const declared = readDeclared(gitDir, commit, project.subdir, project.name, { lock: true });
  const resolved = resolvePackages(config, opts.mirrors, declared.entries, project.name, project.substitute ?? {}, { repo: project.repo, commit, subdir: project.subdir });
  const packages = resolved.map((p) => {
    const pkgGit = mirrorDir(opts.mirrors, p.repo);
    const pkgCommit = revParse(pkgGit, p.rev);
    const projYml = showFile(pkgGit, pkgCommit, p.subdirectory ? `${p.subdirectory}/dbt_project.yml` : "dbt_project.yml");
    if (projYml === null) throw new Error(`${p.repo}@${p.rev} has no dbt_project.yml`);
    const name = topLevelScalar(projYml, "name");
    if (!name) throw new Error(`${p.repo}@${p.rev}: dbt_project.yml has no name`);
    return { ...p, commit: pkgCommit, name };
  });
  packages.sort((a, b) => a.name.localeCompare(b.name));
  const record = {
    project: project.name,
    repo: project.repo,
    commit,
    subdir: project.subdir,
    packagesFrom: declared.from,
    packages: packages.map(({ name, repo, rev, commit: c, subdirectory, constraints, substituted }) => ({ name, repo, rev, commit: c, subdirectory, constraints, substituted })),
  };
  const dest = join(opts.out, project.name);
  const recordFile = join(opts.out, ".layout", `${project.name}.json`);
  const recordText = JSON.stringify(record, null, 2) + "\n";
  const upToDate = !opts.force && existsSync(dest) && existsSync(recordFile) && readFileSync(recordFile, "utf8") === recordText;
  if (!upToDate) {
    extract(gitDir, commit, project.subdir, dest);
    const projYml = readFileSync(join(dest, "dbt_project.yml"), "utf8");
    const installPath = topLevelScalar(projYml, "packages-install-path") ?? "dbt_packages";
    for (const p of packages) extract(mirrorDir(opts.mirrors, p.repo), p.commit, p.subdirectory, join(dest, installPath, p.name));
    mkdirSync(dirname(recordFile), { recursive: true });
    writeFileSync(recordFile, recordText);
  }
  const state = upToDate ? "unchanged" : "laid out";
  console.log(`${project.name}: ${state} ${project.repo}@${commit.slice(0, 12)}${project.subdir ? `:${project.subdir}` : ""} → ${dest} (packages from ${declared.from})`);
  for (const p of packages) {
    const why = p.constraints.length ? ` (${p.source} ${p.constraints.join(", ")})` : ` (${p.source})`;
    console.log(`  dbt_packages/${p.name}: ${p.repo}@${p.rev}${why}${p.substituted ? ` SUBSTITUTED: ${p.substituted}` : ""}`);
  }
  return record;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const config = JSON.parse(readFileSync(opts.config, "utf8"));
  mkdirSync(opts.out, { recursive: true });
  let failed = 0;
  for (const project of config.projects) {
    if (opts.only && !opts.only.includes(project.name)) continue;
    try {
      layoutProject(config, opts, project);
    } catch (e) {
      failed++;
      console.error(`${project.name}: FAILED ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  process.exit(failed ? 1 : 0);
}

// Run only as a script, so the tests can import the parsing and resolution functions.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
