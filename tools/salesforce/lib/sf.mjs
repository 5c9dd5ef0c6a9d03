// (c) sf project convert and the structure check built on the CLI's own
// library, @salesforce/source-deploy-retrieve 13.7.0 (ComponentSetBuilder).
import { mkdir, readFile, writeFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { BIN, finding, run, walk, rel } from './util.mjs';

const require = createRequire(import.meta.url);
let sdrMod;
/** sdr loads @salesforce/source-deploy-retrieve (needs Node 22). */
function sdr() {
  sdrMod ??= require('@salesforce/source-deploy-retrieve');
  return sdrMod;
}

/** firstPath pulls an absolute file path out of an sf/SDR error message. */
function firstPath(msg, base) {
  for (const m of String(msg).matchAll(/\/[^\s:'"]+/g)) {
    if (m[0].startsWith(base + path.sep)) return m[0].replace(/[.,]$/, '');
  }
  return undefined;
}

/** errorFinding turns an sf or SDR error into a finding. */
function errorFinding(tool, name, msg, base, fallbackFile) {
  const file = firstPath(msg, base) ?? fallbackFile ?? '';
  let message = String(msg);
  if (file) message = message.split(file).join(rel(base, file));
  return finding(tool, file, 0, 0, name || 'ConvertError', 1, message, base);
}

/**
 * sfConvertSource runs `sf project convert source --source-dir dir
 * --output-dir out --json` in projectDir and returns findings.
 */
export async function sfConvertSource(projectDir, dir, out, env) {
  const r = await run(path.join(BIN, 'sf'),
    ['project', 'convert', 'source', '--source-dir', dir, '--output-dir', out, '--json'],
    { cwd: projectDir, env, timeoutMs: 300000 });
  return sfResult(r, projectDir, 'sf-convert', dir);
}

/** sfResult reads an sf --json result; status 0 means success. */
function sfResult(r, base, tool, fallbackFile) {
  if (r.error) throw new Error(`cannot run sf: ${r.error.message}`);
  let j;
  for (const text of [r.stdout, r.stderr]) {
    const s = text.indexOf('{');
    if (s < 0) continue;
    try {
      j = JSON.parse(text.slice(s));
      break;
    } catch {
      // try the other stream
    }
  }
  if (j && j.status === 0 && r.code === 0) return { findings: [], result: j.result };
  if (!j) {
    return { findings: [finding(tool, fallbackFile, 0, 0, 'ConvertError', 1,
      `sf exited ${r.code} without JSON: ${(r.stderr || r.stdout).slice(0, 500)}`, base)] };
  }
  return { findings: [errorFinding(tool, j.name, j.message, base, fallbackFile)] };
}

/**
 * libConvertSource converts dir to Metadata API format in-process with the
 * same library calls `sf project convert source` makes
 * (ComponentSetBuilder.build + MetadataConverter.convert). It is used when a
 * project has many package directories, to avoid one CLI start per directory.
 */
export async function libConvertSource(projectDir, dir, out) {
  const { ComponentSetBuilder, MetadataConverter } = sdr();
  try {
    const cs = await ComponentSetBuilder.build({ sourcepath: [dir], projectDir });
    await new MetadataConverter().convert(cs, 'metadata', { type: 'directory', outputDirectory: out, genUniqueDir: false });
    return { findings: [] };
  } catch (e) {
    return { findings: [errorFinding('sf-convert', e.name, e.message, projectDir, dir)] };
  }
}

/**
 * sfConvertMdapi runs `sf project convert mdapi --root-dir dir --output-dir
 * out` inside a scratch SFDX project (it refuses to run outside one).
 */
export async function sfConvertMdapi(dir, scratch, env) {
  await mkdir(scratch, { recursive: true });
  await writeFile(path.join(scratch, 'sfdx-project.json'), JSON.stringify({
    packageDirectories: [{ path: 'force-app', default: true }], name: 'sfcheck', sourceApiVersion: '66.0',
  }));
  const out = path.join(scratch, 'force-app');
  const r = await run(path.join(BIN, 'sf'),
    ['project', 'convert', 'mdapi', '--root-dir', dir, '--output-dir', out, '--json'],
    { cwd: scratch, env, timeoutMs: 300000 });
  const res = sfResult(r, dir, 'sf-convert', dir);
  return { ...res, out };
}

/** Folder names (registry directoryName) of every metadata type. */
function knownFolders() {
  const { registry } = sdr();
  const s = new Set();
  const add = (t) => {
    if (t.directoryName) s.add(t.directoryName);
    for (const c of Object.values(t.children?.types ?? {})) add(c);
  };
  Object.values(registry.types).forEach(add);
  return s;
}

/** coveredFiles lists every file a component (and its children) owns. */
async function coveredFiles(components, covered) {
  const addPath = async (p) => {
    if (!p) return;
    let st;
    try {
      st = await stat(p);
    } catch {
      return;
    }
    if (st.isDirectory()) (await walk(p)).forEach((f) => covered.add(f));
    else covered.add(path.resolve(p));
  };
  for (const c of components) {
    await addPath(c.xml);
    await addPath(c.content);
    for (const w of c.walkContent?.() ?? []) covered.add(path.resolve(w));
    let kids = [];
    try {
      kids = c.getChildren();
    } catch {
      kids = [];
    }
    await coveredFiles(kids, covered);
  }
}

/** DOC_FILE matches documentation files tolerated at a package root. */
const DOC_FILE = /^(README|LICENSE|CHANGELOG|NOTICE)(\.(md|txt|rst))?$/i;

/** hint explains why an uncovered file (under dir) belongs to no component. */
function hint(file, dir, folders, allFiles) {
  const b = path.basename(file);
  if ((b.endsWith('.cls') || b.endsWith('.trigger')) && !allFiles.has(`${file}-meta.xml`)) return ` (missing ${b}-meta.xml?)`;
  const segs = path.relative(dir, path.dirname(file)).split(path.sep).filter((s) => s && s !== '.');
  if (!segs.length) return ' (not metadata: a loose file at the root of the package)';
  const unknown = [...segs].reverse().find((s) => !folders.has(s) && !['main', 'default'].includes(s));
  if (unknown && !segs.some((s) => folders.has(s))) return ` (unknown metadata folder '${unknown}'?)`;
  return '';
}

/**
 * structureCheck resolves dir with ComponentSetBuilder and reports every file
 * that belongs to no component and every file whose type cannot be inferred
 * (one by one, where sf stops at the first). Returns {findings, components}.
 */
export async function structureCheck(dir, projectDir, { mdapi = false } = {}) {
  const { ComponentSetBuilder, MetadataResolver, ForceIgnore } = sdr();
  const base = projectDir;
  const files = await walk(dir);
  const findings = [];
  let components = [];
  try {
    const cs = await ComponentSetBuilder.build({ sourcepath: [dir], projectDir });
    components = cs.getSourceComponents().toArray();
  } catch {
    // Resolve file by file to report every bad file, not only the first.
    const resolver = new MetadataResolver();
    const seen = new Map();
    for (const f of files) {
      try {
        for (const c of resolver.getComponentsFromPath(f)) seen.set(`${c.type.name}:${c.fullName}:${c.xml ?? c.content}`, c);
      } catch (e) {
        findings.push(errorFinding('sf-structure', e.name, e.message, base, f));
      }
    }
    components = [...seen.values()];
  }
  const covered = new Set();
  await coveredFiles(components, covered);
  const bad = new Set(findings.map((x) => x.file));
  const all = new Set(files);
  const folders = knownFolders();
  let ignore;
  try {
    ignore = ForceIgnore.findAndCreate(dir);
  } catch {
    ignore = undefined;
  }
  for (const f of files) {
    if (covered.has(f) || bad.has(rel(base, f))) continue;
    const b = path.basename(f);
    if (mdapi && (b === 'package.xml' || /^destructiveChanges(Pre|Post)?\.xml$/.test(b))) continue;
    if (ignore?.denies?.(f)) continue;
    if (path.dirname(f) === path.resolve(dir) && DOC_FILE.test(b)) {
      // A README next to package.xml is ignored by deploys, by design: report, do not fail.
      findings.push(finding('sf-structure', f, 0, 0, 'LooseDocFile', 4,
        'documentation file at the package root; it is not metadata and is not deployed', base));
      continue;
    }
    findings.push(finding('sf-structure', f, 0, 0, 'FileInNoComponent', 1,
      `belongs to no metadata component; sf convert and deploy skip it silently${hint(f, dir, folders, all)}`, base));
  }
  return { findings, components };
}

/** lineOf returns the 1-based line of the first occurrence of needle in text, or 0. */
function lineOf(text, needle) {
  const i = text.indexOf(needle);
  return i < 0 ? 0 : text.slice(0, i).split('\n').length;
}

/** packageMembers reads package.xml into Map<type, Set<member>>. */
async function packageMembers(file) {
  const { XMLParser } = require('fast-xml-parser');
  const j = new XMLParser({ isArray: (n) => n === 'types' || n === 'members' }).parse(await readFile(file, 'utf8'));
  const m = new Map();
  for (const t of j?.Package?.types ?? []) {
    const name = String(t.name ?? '');
    if (!m.has(name)) m.set(name, new Set());
    for (const mem of t.members ?? []) m.get(name).add(String(mem));
  }
  return m;
}

/**
 * packageCheck compares package.xml (mdapiDir) with the components of the
 * converted source (sourceDir, resolved in projectDir), both ways.
 */
export async function packageCheck(mdapiDir, sourceDir, projectDir) {
  const pkg = path.join(mdapiDir, 'package.xml');
  const findings = [];
  let listed;
  let text = '';
  try {
    text = await readFile(pkg, 'utf8');
    listed = await packageMembers(pkg);
  } catch (e) {
    return [finding('package-xml', pkg, 0, 0, 'PackageXml', 1, `cannot read package.xml: ${e.message}`, mdapiDir)];
  }
  const { ComponentSetBuilder } = sdr();
  const reg = new (sdr().RegistryAccess)();
  const present = new Map(); // type -> Map(member -> parentKey)
  const addPresent = (type, name, parent) => {
    if (!present.has(type)) present.set(type, new Map());
    present.get(type).set(name, parent);
  };
  const cs = await ComponentSetBuilder.build({ sourcepath: [sourceDir], projectDir });
  for (const c of cs.getSourceComponents().toArray()) {
    addPresent(c.type.name, c.fullName, undefined);
    let kids = [];
    try {
      kids = c.getChildren();
    } catch {
      kids = [];
    }
    for (const k of kids) addPresent(k.type.name, k.fullName, [c.type.name, c.fullName]);
  }
  for (const [type, members] of listed) {
    try {
      reg.getTypeByName(type);
    } catch {
      findings.push(finding('package-xml', pkg, lineOf(text, `<name>${type}</name>`), 0, 'PackageUnknownType', 1, `unknown metadata type <name>${type}</name>`, mdapiDir));
      continue;
    }
    for (const m of members) {
      if (m === '*') continue;
      if (!present.get(type)?.has(m)) {
        findings.push(finding('package-xml', pkg, lineOf(text, `<members>${m}</members>`), 0, 'PackageMemberMissing', 1,
          `${type} ${m} is named in package.xml but is not in the package (the deploy would fail: not found in zipped directory)`, mdapiDir));
      }
    }
  }
  const isListed = (type, name) => listed.get(type)?.has(name) || listed.get(type)?.has('*');
  for (const [type, members] of present) {
    for (const [m, parent] of members) {
      if (isListed(type, m)) continue;
      if (parent && isListed(parent[0], parent[1])) continue;
      findings.push(finding('package-xml', pkg, 0, 0, 'PackageMemberUnlisted', 1,
        `${type} ${m} is in the package but not named in package.xml (it would not be deployed)`, mdapiDir));
    }
  }
  return findings;
}

/** packageDirectories reads sfdx-project.json's packageDirectories paths (absolute). */
export async function packageDirectories(projectDir) {
  const file = path.join(projectDir, 'sfdx-project.json');
  let j;
  try {
    j = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    return { dirs: [], findings: [finding('sf-convert', file, 0, 0, 'ProjectJson', 1, `cannot read sfdx-project.json: ${e.message}`, projectDir)] };
  }
  const dirs = [];
  const findings = [];
  for (const d of j.packageDirectories ?? []) {
    const p = path.resolve(projectDir, d.path ?? '');
    try {
      await stat(p);
      dirs.push(p);
    } catch {
      findings.push(finding('sf-convert', file, 0, 0, 'ProjectJson', 1, `packageDirectory '${d.path}' does not exist`, projectDir));
    }
  }
  if (!dirs.length && !findings.length) findings.push(finding('sf-convert', file, 0, 0, 'ProjectJson', 1, 'no packageDirectories', projectDir));
  return { dirs, findings };
}
