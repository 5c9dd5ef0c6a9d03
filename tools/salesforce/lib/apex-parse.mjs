// (a) Apex parse: Salesforce's jorje parser (the prettier-plugin-apex native
// executable, no Java) on every .cls and .trigger, with the
// @apexdevtools/apex-parser (ANTLR, pure JS) fallback. Also checks that the
// declared class/trigger name equals the file name and that a .trigger holds a
// trigger and a .cls does not, as the Metadata API requires.
import { readFile, access, constants } from 'node:fs/promises';
import path from 'node:path';
import { HERE, finding, run, pool } from './util.mjs';

/** JORJE is the native jorje executable from @prettier-apex/apex-ast-serializer-linux-x64. */
export const JORJE = path.join(
  HERE, 'node_modules', '@prettier-apex', 'apex-ast-serializer-linux-x64', 'apex-ast-serializer-linux-x64',
);

const OUTPUT_KEY = 'apex.jorje.semantic.compiler.parser.ParserOutput';
const TOOL = 'apex-parse';

/**
 * pickParser returns 'jorje' when the native binary runs here, else
 * 'apexdevtools'. SFCHECK_APEX_PARSER=apexdevtools|jorje forces one.
 */
export async function pickParser(env = process.env) {
  const forced = env.SFCHECK_APEX_PARSER;
  if (forced === 'apexdevtools') return { parser: 'apexdevtools', why: 'forced by SFCHECK_APEX_PARSER' };
  try {
    await access(JORJE, constants.X_OK);
  } catch {
    return { parser: 'apexdevtools', why: `native jorje binary missing: ${JORJE}` };
  }
  const r = await run(JORJE, [], { input: 'public class P {}', timeoutMs: 30000 });
  if (r.code === 0 && r.stdout.includes(OUTPUT_KEY)) return { parser: 'jorje', why: 'native binary' };
  if (forced === 'jorje') throw new Error(`SFCHECK_APEX_PARSER=jorje but ${JORJE} does not run: ${r.error ?? r.stderr}`);
  return { parser: 'apexdevtools', why: `native jorje binary does not run: ${r.error?.message ?? r.stderr.slice(0, 200)}` };
}

/** expectation describes what file f must declare. */
function expectation(file) {
  const ext = path.extname(file);
  return { name: path.basename(file, ext), wantTrigger: ext === '.trigger' };
}

/** declCheck returns the name/kind findings for a parsed unit. */
function declCheck(file, base, kind, name, line, column) {
  const { name: want, wantTrigger } = expectation(file);
  const out = [];
  if (wantTrigger && kind !== 'trigger') {
    out.push(finding(TOOL, file, line, column, 'TriggerFileKind', 1,
      `a .trigger file must hold a trigger, found ${kind}`, base));
  } else if (!wantTrigger && kind === 'trigger') {
    out.push(finding(TOOL, file, line, column, 'ClassFileKind', 1,
      'a .cls file must hold a class, interface or enum, found a trigger', base));
  }
  if (name && name !== want) {
    out.push(finding(TOOL, file, line, column, 'NameMismatch', 1,
      `declared ${kind} name '${name}' does not equal the file name '${want}'`, base));
  }
  return out;
}

/** CLEAN_MARKER starts a jorje output with no errors, followed by the unit kind. */
const CLEAN_MARKER = '"internalErrors":[],"parseErrors":[],"unit":{"@class":"apex.jorje.data.ast.CompilationUnit$';
const KINDS = { TriggerDeclUnit: 'trigger', ClassDeclUnit: 'class', InterfaceDeclUnit: 'interface', EnumDeclUnit: 'enum' };

/**
 * blankOut replaces comments and string literals with spaces, keeping
 * offsets and newlines, so a regex sees only code.
 */
function blankOut(src) {
  return src.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|'(?:\\.|[^'\\\n])*'/g, (m) => m.replace(/[^\n]/g, ' '));
}

/**
 * declFromSource finds the declared name in source jorje parsed cleanly,
 * without decoding its (large) JSON AST: the first class/interface/enum
 * keyword, or `trigger X on`.
 */
function declFromSource(src, kind) {
  const code = blankOut(src);
  const re = kind === 'trigger' ? /\btrigger\s+([A-Za-z_]\w*)\s+on\b/i : new RegExp(`\\b${kind}\\s+([A-Za-z_]\\w*)`, 'i');
  const m = re.exec(code);
  if (!m) return undefined;
  // The keyword, whitespace, then the name: the name is the first match after the keyword.
  const at = m.index + m[0].indexOf(m[1], kind.length);
  const before = code.slice(0, at);
  return { name: m[1], line: before.split('\n').length, column: at - before.lastIndexOf('\n') };
}

async function parseJorje(file, base) {
  const src = await readFile(file, 'utf8');
  const r = await run(JORJE, [], { input: src, timeoutMs: 60000 });
  // Fast path: no errors; take the kind from the output and the name from the source.
  const at = r.code === 0 ? r.stdout.indexOf(CLEAN_MARKER) : -1;
  if (at >= 0) {
    const unit = r.stdout.slice(at + CLEAN_MARKER.length, at + CLEAN_MARKER.length + 30).match(/^(\w+)"/)?.[1];
    const kind = KINDS[unit];
    const decl = kind && declFromSource(src, kind);
    // Anything to report is confirmed from the full AST below.
    if (decl) {
      const found = declCheck(file, base, kind, decl.name, decl.line, decl.column);
      if (!found.length) return found;
    }
  }
  let out;
  try {
    out = JSON.parse(r.stdout)[OUTPUT_KEY];
  } catch {
    out = undefined;
  }
  if (!out) {
    return [finding(TOOL, file, 0, 0, 'ParserFailure', 1,
      `jorje produced no AST (exit ${r.code}): ${(r.error?.message ?? r.stderr).slice(0, 300)}`, base)];
  }
  const findings = [];
  for (const e of [...(out.parseErrors ?? []), ...(out.internalErrors ?? [])]) {
    const loc = findLoc(e) ?? {};
    findings.push(finding(TOOL, file, loc.line, loc.column, 'ApexSyntax', 1, e.message ?? JSON.stringify(e).slice(0, 300), base));
  }
  if (findings.length) return findings;
  const unit = out.unit ?? {};
  const cls = String(unit['@class'] ?? '');
  let kind;
  let ident;
  if (cls.endsWith('$TriggerDeclUnit')) {
    kind = 'trigger';
    ident = unit.name;
  } else if (cls.endsWith('$ClassDeclUnit')) {
    kind = 'class';
    ident = unit.body?.name;
  } else if (cls.endsWith('$InterfaceDeclUnit')) {
    kind = 'interface';
    ident = unit.body?.name;
  } else if (cls.endsWith('$EnumDeclUnit')) {
    kind = 'enum';
    ident = unit.body?.name;
  } else {
    return [finding(TOOL, file, 1, 1, 'ApexSyntax', 1, `no class, interface, enum or trigger declaration (${cls || 'empty'})`, base)];
  }
  return declCheck(file, base, kind, ident?.value, ident?.loc?.line ?? 1, ident?.loc?.column ?? 1);
}

/** findLoc digs the first {line, column} location out of a jorje error. */
function findLoc(o, depth = 0) {
  if (!o || typeof o !== 'object' || depth > 6) return undefined;
  if (o.loc && Number.isInteger(o.loc.line)) return o.loc;
  if (Number.isInteger(o.line) && Number.isInteger(o.column)) return o;
  for (const v of Object.values(o)) {
    const l = findLoc(v, depth + 1);
    if (l) return l;
  }
  return undefined;
}

let adt;
async function parseApexdevtools(file, base) {
  adt ??= await import('@apexdevtools/apex-parser');
  const src = await readFile(file, 'utf8');
  const findings = [];
  class Listener extends adt.ApexErrorListener {
    apexSyntaxError(line, column, msg) {
      findings.push(finding(TOOL, file, line, column + 1, 'ApexSyntax', 1, msg, base));
    }
  }
  const { parser } = adt.ApexParserFactory.createLexerAndParser(src, new Listener());
  const isTrigger = file.endsWith('.trigger');
  // Parse with the rule the file kind needs; a mismatch shows up as syntax errors.
  const tree = isTrigger ? parser.triggerUnit() : parser.compilationUnit();
  if (findings.length) return findings;
  if (isTrigger) {
    const id = tree.id(0);
    return declCheck(file, base, 'trigger', id?.getText(), id?.start?.line ?? 1, (id?.start?.column ?? 0) + 1);
  }
  const td = tree.typeDeclaration();
  const decl = td?.classDeclaration?.() ?? td?.interfaceDeclaration?.() ?? td?.enumDeclaration?.();
  const kind = td?.classDeclaration?.() ? 'class' : td?.interfaceDeclaration?.() ? 'interface' : 'enum';
  const id = decl?.id?.();
  return declCheck(file, base, kind, id?.getText(), id?.start?.line ?? 1, (id?.start?.column ?? 0) + 1);
}

/**
 * apexParse parses every .cls/.trigger in files and returns
 * {parser, why, files, findings}.
 */
export async function apexParse(files, base, { concurrency = 4, env } = {}) {
  const apex = files.filter((f) => f.endsWith('.cls') || f.endsWith('.trigger'));
  const { parser, why } = await pickParser(env);
  const fn = parser === 'jorje' ? parseJorje : parseApexdevtools;
  const results = await pool(apex, parser === 'jorje' ? concurrency : 1, (f) => fn(f, base));
  return { parser, why, files: apex.length, findings: results.flat() };
}
