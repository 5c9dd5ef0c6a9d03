#!/usr/bin/env node
// check.mjs: checks a generated SFDX project or Metadata API folder/zip with
// Salesforce's own tools, offline. See README.md.
//
//   node check.mjs --project DIR | --mdapi DIR|ZIP [--fail-severity N]
//                  [--convert auto|sf|library] [--no-pmd] [--keep-work]
//
// stdout: JSON {findings: [{tool, file, line, column, rule, severity, message}], ...}
// stderr: a human summary. Exit 0 = clean, 1 = a finding with severity <=
// --fail-severity (default 2), 2 = usage or internal error.
import { mkdtemp, mkdir, readFile, writeFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { toolEnv, walk, finding, pool } from './lib/util.mjs';

const require = createRequire(import.meta.url);
const USAGE = 'usage: node check.mjs (--project DIR | --mdapi DIR|ZIP) [--fail-severity N] [--convert auto|sf|library] [--no-pmd] [--keep-work]';

function parseArgs(argv) {
  const o = { failSeverity: 2, convert: 'auto', pmd: true, keepWork: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--project') o.project = val();
    else if (a === '--mdapi') o.mdapi = val();
    else if (a === '--fail-severity') o.failSeverity = Number(val());
    else if (a === '--convert') o.convert = val();
    else if (a === '--no-pmd') o.pmd = false;
    else if (a === '--keep-work') o.keepWork = true;
    else if (a === '-h' || a === '--help') o.help = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (o.help) return o;
  if (!o.project === !o.mdapi) throw new Error('give exactly one of --project or --mdapi');
  if (!Number.isInteger(o.failSeverity) || o.failSeverity < 0 || o.failSeverity > 5) throw new Error('--fail-severity must be 0-5');
  if (!['auto', 'sf', 'library'].includes(o.convert)) throw new Error('--convert must be auto, sf or library');
  return o;
}

/** timed runs fn, records its duration in ms under name, and turns a crash into a severity-1 finding. */
async function timed(timings, name, tool, fn) {
  const t0 = Date.now();
  try {
    return await fn();
  } catch (e) {
    return { findings: [finding(tool, '', 0, 0, 'ToolError', 1, `${name} failed: ${e.stack ?? e}`)] };
  } finally {
    timings[name] = Date.now() - t0;
  }
}

/** unzip extracts zipFile into dest with jszip, refusing paths that escape dest. */
async function unzip(zipFile, dest) {
  const JSZip = require('jszip');
  const zip = await JSZip.loadAsync(await readFile(zipFile));
  const entries = Object.values(zip.files).filter((e) => !e.dir);
  for (const e of entries) {
    const p = path.resolve(dest, e.name);
    if (!p.startsWith(dest + path.sep)) throw new Error(`zip entry escapes the folder: ${e.name}`);
    await mkdir(path.dirname(p), { recursive: true });
    await writeFile(p, await e.async('nodebuffer'));
  }
}

/** mdapiRoot finds the folder holding package.xml: dir itself or its only subfolder. */
async function mdapiRoot(dir) {
  const files = await walk(dir);
  const pkgs = files.filter((f) => path.basename(f) === 'package.xml').sort((a, b) => a.length - b.length);
  return pkgs.length ? path.dirname(pkgs[0]) : dir;
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e.message}\n${USAGE}\n`);
    return 2;
  }
  if (opts.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const started = Date.now();
  const work = await mkdtemp(path.join(os.tmpdir(), 'sfcheck-'));
  const env = toolEnv(work);
  await mkdir(env.HOME, { recursive: true });
  await mkdir(env.TMPDIR, { recursive: true });
  // In-process libraries and every child (sf, xmllint, jorje, the JVM) share it.
  // No JAVA_TOOL_OPTIONS: the JVM then prints "Picked up JAVA_TOOL_OPTIONS ..."
  // first, and the PMD engine, which reads `java -version` output only up to
  // the process exit, can take a digit from that line as the Java version.
  delete env.JAVA_TOOL_OPTIONS;
  Object.assign(process.env, env);
  delete process.env.JAVA_TOOL_OPTIONS;

  const { apexParse } = await import('./lib/apex-parse.mjs');
  const { xmlCheck } = await import('./lib/xml-check.mjs');
  const sf = await import('./lib/sf.mjs');
  const { pmdScan } = await import('./lib/pmd-scan.mjs');

  const timings = {};
  const tools = {};
  const findings = [];
  const notes = [];
  let base;
  let input;
  try {
    let files;
    let pmdTargets;
    let convertStep;
    let mode;
    if (opts.project) {
      mode = 'source';
      base = path.resolve(opts.project);
      input = { project: base };
      const { dirs, findings: pf } = await sf.packageDirectories(base);
      findings.push(...pf);
      files = await walk(base);
      pmdTargets = dirs;
      const convert = opts.convert === 'auto' ? (dirs.length <= 4 ? 'sf' : 'library') : opts.convert;
      tools.convert = convert === 'sf' ? 'sf project convert source' : 'source-deploy-retrieve MetadataConverter (in-process)';
      tools.packageDirectories = dirs.length;
      convertStep = async () => {
        const out = [];
        const parallel = convert === 'sf' ? 2 : 1;
        const conv = await timed(timings, 'convert', 'sf-convert', async () => ({
          findings: (await pool(dirs, parallel, async (d, i) => {
            const o = path.join(work, 'convert', String(i));
            const r = convert === 'sf' ? await sf.sfConvertSource(base, d, o, env) : await sf.libConvertSource(base, d, o);
            return r.findings;
          })).flat(),
        }));
        out.push(...conv.findings);
        const st = await timed(timings, 'structure', 'sf-structure', async () => ({
          findings: (await pool(dirs, 1, async (d) => (await sf.structureCheck(d, base)).findings)).flat(),
        }));
        out.push(...st.findings);
        return out;
      };
    } else {
      mode = 'mdapi';
      const src = path.resolve(opts.mdapi);
      const st = await stat(src);
      let dir = src;
      if (st.isFile()) {
        dir = path.join(work, 'mdapi');
        await mkdir(dir, { recursive: true });
        await unzip(src, dir);
        input = { mdapiZip: src };
      } else {
        input = { mdapiDir: src };
      }
      base = dir;
      const root = await mdapiRoot(dir);
      if (!(await walk(root)).some((f) => f === path.join(root, 'package.xml'))) {
        findings.push(finding('package-xml', 'package.xml', 0, 0, 'PackageXml', 1, 'no package.xml in the Metadata API folder', base));
      }
      files = await walk(dir);
      pmdTargets = [root];
      tools.convert = 'sf project convert mdapi';
      convertStep = async () => {
        const scratch = path.join(work, 'scratch');
        const conv = await timed(timings, 'convert', 'sf-convert', () => sf.sfConvertMdapi(root, scratch, env));
        const out = [...conv.findings];
        const stc = await timed(timings, 'structure', 'sf-structure', () => sf.structureCheck(root, base, { mdapi: true }));
        out.push(...stc.findings);
        if (!conv.findings.length && conv.out) {
          const pk = await timed(timings, 'package-xml', 'package-xml', async () => ({
            findings: await sf.packageCheck(root, conv.out, scratch),
          }));
          out.push(...pk.findings.map((f) => ({ ...f, file: f.file && path.relative(base, path.resolve(root, f.file)) })));
        }
        return out;
      };
    }

    // PMD (the JVM) is the slowest part: start it first and let (a)-(c) run meanwhile.
    const pmdPromise = opts.pmd && pmdTargets.length
      ? timed(timings, 'code-analyzer', 'code-analyzer', () => pmdScan(pmdTargets, base, work))
      : Promise.resolve(undefined);
    const apex = await timed(timings, 'apex-parse', 'apex-parse', () => apexParse(files, base, { env }));
    tools.apexParser = apex.parser ? `${apex.parser} (${apex.why})` : undefined;
    tools.apexFiles = apex.files;
    findings.push(...apex.findings);
    const xml = await timed(timings, 'xml', 'xml', () => xmlCheck(files, base, mode));
    tools.xmlValidator = xml.validator;
    tools.xmlFiles = xml.files;
    findings.push(...xml.findings);
    findings.push(...(await convertStep()));
    const pmdRes = await pmdPromise;
    if (pmdRes) {
      tools.codeAnalyzer = pmdRes.version ? `code-analyzer-core ${pmdRes.version}, ${pmdRes.rules} rules` : undefined;
      findings.push(...pmdRes.findings);
    } else {
      notes.push(opts.pmd ? 'Code Analyzer skipped: nothing to analyse (no package directory)' : 'Code Analyzer skipped (--no-pmd)');
    }
  } finally {
    if (!opts.keepWork) {
      // A straggling write (sf's log, the JVM) can race the removal: retry, never fail the check on it.
      await rm(work, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 })
        .catch((e) => notes.push(`could not remove work folder ${work}: ${e.message}`));
    } else {
      notes.push(`work folder kept: ${work}`);
    }
  }

  findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column
    || a.rule.localeCompare(b.rule) || a.message.localeCompare(b.message));
  const failures = findings.filter((f) => f.severity <= opts.failSeverity);
  const byRule = {};
  for (const f of findings) byRule[`${f.tool}/${f.rule}/${f.severity}`] = (byRule[`${f.tool}/${f.rule}/${f.severity}`] ?? 0) + 1;
  const report = {
    input,
    failSeverity: opts.failSeverity,
    failed: failures.length > 0,
    tools,
    timingsMs: { ...timings, total: Date.now() - started },
    countsByRule: byRule,
    notes,
    findings,
  };
  process.stdout.write(`${JSON.stringify(report, null, 1)}\n`);

  const lines = [];
  lines.push(`sfcheck ${opts.project ? `project ${base}` : `mdapi ${opts.mdapi}`}`);
  for (const [k, v] of Object.entries(tools)) if (v !== undefined) lines.push(`  ${k}: ${v}`);
  for (const n of notes) lines.push(`  note: ${n}`);
  lines.push(`  findings: ${findings.length}; severity <= ${opts.failSeverity}: ${failures.length}`);
  for (const [k, v] of Object.entries(byRule).sort()) lines.push(`    ${k}: ${v}`);
  for (const f of failures.slice(0, 60)) lines.push(`  FAIL [${f.severity}] ${f.tool}/${f.rule} ${f.file}:${f.line}:${f.column} ${f.message.split('\n')[0]}`);
  if (failures.length > 60) lines.push(`  ... ${failures.length - 60} more`);
  lines.push(`  time: ${Object.entries(report.timingsMs).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}s`).join(', ')}`);
  process.stderr.write(`${lines.join('\n')}\n`);
  return failures.length ? 1 : 0;
}

// A stray error from a library's background thread must not turn a finished
// check into a crash with exit code 1 (which means "findings").
let reported = false;
process.on('uncaughtException', (e) => {
  process.stderr.write(`sfcheck: background error${reported ? ' after the report' : ''}: ${e.stack ?? e}\n`);
  if (!reported) process.exit(2);
});

main().then((code) => {
  reported = true;
  process.exitCode = code;
}, (e) => {
  process.stderr.write(`sfcheck: ${e.stack ?? e}\n`);
  process.exitCode = 2;
});
