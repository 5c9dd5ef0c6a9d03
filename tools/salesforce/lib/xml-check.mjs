// (b) XML: well-formedness with xmllint (fallback: fast-xml-parser's
// XMLValidator), plus the metadata namespace and the root element expected for
// the file suffix, taken from source-deploy-retrieve's metadata registry (the
// table the sf CLI itself uses).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { finding, run, pool } from './util.mjs';

const require = createRequire(import.meta.url);
const TOOL = 'xml';
/** MD_NS is the Metadata API namespace every metadata root element must carry. */
export const MD_NS = 'http://soap.sforce.com/2006/04/metadata';
const XPATH = 'concat(local-name(/*),"|",namespace-uri(/*))';
/** Adapters whose files are content (Apex, binaries, bundles), not XML. */
const CONTENT_ADAPTERS = new Set(['matchingContentFile', 'mixedContent', 'bundle', 'digitalExperience', 'uiBundles']);

let suffixTable;
/**
 * suffixes maps every registry suffix (child types included, e.g. field ->
 * CustomField) to {name, adapter}.
 */
export function suffixes() {
  if (suffixTable) return suffixTable;
  const { registry } = require('@salesforce/source-deploy-retrieve');
  suffixTable = new Map();
  const entry = (t, parent) => ({ name: t.name, adapter: t.strategies?.adapter, dir: t.directoryName ?? parent?.directoryName });
  const add = (t, parent) => {
    if (t.suffix && !suffixTable.has(t.suffix)) suffixTable.set(t.suffix, entry(t, parent));
    for (const c of Object.values(t.children?.types ?? {})) add(c, t);
  };
  for (const t of Object.values(registry.types)) if (t.suffix) suffixTable.set(t.suffix, entry(t));
  for (const t of Object.values(registry.types)) add(t);
  return suffixTable;
}

/**
 * classify says whether file must be checked and what root it needs:
 * {xml: bool, metadata: bool, root: string|undefined}.
 */
export function classify(file, mode, base) {
  const b = path.basename(file);
  if (b === 'package.xml' || /^destructiveChanges(Pre|Post)?\.xml$/.test(b)) return { xml: true, metadata: true, root: 'Package' };
  const meta = b.match(/^(.+?)(?:\.([^.]+))?-meta\.xml$/);
  if (meta) {
    const t = meta[2] ? suffixes().get(meta[2]) : undefined;
    return { xml: true, metadata: true, root: t?.name, suffix: meta[2] };
  }
  if (mode === 'mdapi') {
    const ext = path.extname(b).slice(1);
    const t = ext ? suffixes().get(ext) : undefined;
    // Only inside the type's folder (objects/X.object), not README.md at the root.
    const folders = path.relative(base ?? path.dirname(file), path.dirname(file)).split(path.sep);
    if (t && !CONTENT_ADAPTERS.has(t.adapter) && t.dir && folders.includes(t.dir)) {
      return { xml: true, metadata: true, root: t.name, suffix: ext };
    }
  }
  if (b.endsWith('.xml')) return { xml: true, metadata: false };
  return { xml: false };
}

/** parseLintError turns xmllint stderr into {line, message}. */
function parseLintError(file, stderr) {
  const lines = stderr.split('\n').filter(Boolean);
  const errLine = lines.find((l) => /: (parser|namespace|validity) error :/.test(l)) ?? lines[0] ?? 'xmllint failed';
  const m = errLine.match(/^.*?:(\d+): (?:parser|namespace|validity) error : (.*)$/);
  if (m) return { line: Number(m[1]), message: m[2] };
  return { line: 0, message: errLine.replace(file, path.basename(file)) };
}

async function lintOne(file) {
  const r = await run('xmllint', ['--nonet', '--noout', '--xpath', XPATH, file], { timeoutMs: 60000 });
  if (r.error) throw r.error;
  // --noout does not silence --xpath output; rc 0 means well-formed.
  if (r.code === 0) {
    const [root, ns] = r.stdout.trim().split('|');
    return { ok: true, root, ns: ns ?? '' };
  }
  return { ok: false, ...parseLintError(file, r.stderr) };
}

/** lintAll runs xmllint over files, 40 per process; a batch with any error is redone file by file. */
async function lintAll(files, concurrency) {
  const batches = [];
  for (let i = 0; i < files.length; i += 40) batches.push(files.slice(i, i + 40));
  const res = await pool(batches, concurrency, async (batch) => {
    // xmllint prints one line per file; any stderr output means redo one by one.
    const r = await run('xmllint', ['--nonet', '--xpath', XPATH, ...batch], { timeoutMs: 120000 });
    if (r.error) throw r.error;
    const lines = r.stdout.split('\n');
    if (lines.at(-1) === '') lines.pop();
    if (r.code === 0 && lines.length === batch.length && r.stderr.trim() === '') {
      return lines.map((l) => {
        const [root, ns] = l.split('|');
        return { ok: true, root, ns: ns ?? '' };
      });
    }
    return pool(batch, 1, lintOne);
  });
  return res.flat();
}

let fxp;
async function validateFxp(file) {
  fxp ??= require('fast-xml-parser');
  const src = await readFile(file, 'utf8');
  if (src.trim() === '') return { ok: false, line: 1, message: 'Document is empty' };
  const v = fxp.XMLValidator.validate(src);
  if (v !== true) return { ok: false, line: v.err?.line ?? 0, message: v.err?.msg ?? 'invalid XML' };
  const body = src.replace(/<\?[\s\S]*?\?>/g, '').replace(/<!--[\s\S]*?-->/g, '').replace(/<!DOCTYPE[^>]*>/gi, '');
  const m = body.match(/<([A-Za-z_][\w.-]*(?::[\w.-]+)?)([^>]*)>/);
  if (!m) return { ok: false, line: 1, message: 'no root element' };
  const [prefix, local] = m[1].includes(':') ? m[1].split(':') : ['', m[1]];
  const attr = prefix ? `xmlns:${prefix}` : 'xmlns';
  const ns = m[2].match(new RegExp(`${attr.replace(':', '\\:')}\\s*=\\s*["']([^"']*)["']`));
  return { ok: true, root: local, ns: ns ? ns[1] : '' };
}

/** hasXmllint reports whether xmllint runs. */
export async function hasXmllint() {
  const r = await run('xmllint', ['--version'], { timeoutMs: 10000 });
  return r.code === 0;
}

/**
 * xmlCheck checks every XML file of files (mode 'source' or 'mdapi') and
 * returns {validator, files, findings}.
 */
export async function xmlCheck(files, base, mode, { concurrency = 2 } = {}) {
  const targets = [];
  for (const f of files) {
    const c = classify(f, mode, base);
    if (c.xml) targets.push({ file: f, ...c });
  }
  const useLint = process.env.SFCHECK_XML_VALIDATOR !== 'fast-xml-parser' && (await hasXmllint());
  const results = useLint
    ? await lintAll(targets.map((t) => t.file), concurrency)
    : await pool(targets, 4, (t) => validateFxp(t.file));
  const findings = [];
  targets.forEach((t, i) => {
    const r = results[i];
    if (!r.ok) {
      findings.push(finding(TOOL, t.file, r.line, 0, 'XmlMalformed', 1, r.message, base));
      return;
    }
    if (!t.metadata) return;
    if (r.ns !== MD_NS) {
      findings.push(finding(TOOL, t.file, 1, 0, 'XmlNamespace', 1,
        `root element <${r.root}> is in namespace '${r.ns}', want '${MD_NS}'`, base));
    }
    if (t.root && r.root !== t.root) {
      findings.push(finding(TOOL, t.file, 1, 0, 'XmlRootElement', 1,
        `root element is <${r.root}>, a ${t.suffix ? `.${t.suffix}` : path.basename(t.file)} file must hold <${t.root}>`, base));
    }
  });
  return { validator: useLint ? 'xmllint' : 'fast-xml-parser', files: targets.length, findings };
}
