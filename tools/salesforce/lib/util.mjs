// Shared helpers for the check scripts: findings, file walking, child processes.
import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** HERE is tools/salesforce. */
export const HERE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** BIN is tools/salesforce/node_modules/.bin (Node 22, sf). */
export const BIN = path.join(HERE, 'node_modules', '.bin');

/**
 * finding builds one finding in the shape check.mjs prints.
 * file is made relative to base when base is given.
 */
export function finding(tool, file, line, column, rule, severity, message, base) {
  let f = file ?? '';
  if (base && f && path.isAbsolute(f)) f = path.relative(base, f) || f;
  return {
    tool,
    file: f.split(path.sep).join('/'),
    line: Number.isInteger(line) ? line : 0,
    column: Number.isInteger(column) ? column : 0,
    rule,
    severity,
    message: String(message ?? '').trim(),
  };
}

/** Folders never walked: tool output and VCS/IDE state. */
const SKIP_DIRS = new Set(['node_modules', '.git', '.sf', '.sfdx', '.vscode', '.idea']);

/** walk lists every regular file under dir, sorted, as absolute paths. */
export async function walk(dir) {
  const out = [];
  async function rec(d) {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch (e) {
      if (e.code === 'ENOENT') return;
      throw e;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) await rec(p);
      } else if (e.isFile()) {
        out.push(p);
      }
    }
  }
  await rec(path.resolve(dir));
  return out.sort();
}

/** exists reports whether p exists. */
export async function exists(p) {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * run spawns cmd with args and resolves {code, stdout, stderr, error}.
 * It never rejects: a spawn failure is returned in error (code -1).
 */
export function run(cmd, args, { input, env, cwd, timeoutMs } = {}) {
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(cmd, args, { env: env ?? process.env, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (error) {
      resolve({ code: -1, stdout: '', stderr: '', error });
      return;
    }
    const out = [];
    const err = [];
    let timer;
    if (timeoutMs) timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), error });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, signal, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });
    });
    child.stdin.on('error', () => {});
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

/** pool runs fn over items with at most n in flight and returns the results in order. */
export async function pool(items, n, fn) {
  const results = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  }
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return results;
}

/**
 * toolEnv is the environment for sf, the JVM and every child: Node 22 first on
 * PATH, telemetry and update checks off, HOME and TMPDIR in the work folder.
 */
export function toolEnv(workDir) {
  const home = path.join(workDir, 'home');
  const tmp = path.join(workDir, 'tmp');
  return {
    ...process.env,
    PATH: `${BIN}${path.delimiter}${process.env.PATH ?? ''}`,
    SF_DISABLE_TELEMETRY: 'true',
    SFDX_DISABLE_TELEMETRY: 'true',
    SF_AUTOUPDATE_DISABLE: 'true',
    SF_DISABLE_AUTOUPDATE: 'true',
    SFDX_AUTOUPDATE_DISABLE: 'true',
    SFDX_DISABLE_AUTOUPDATE: 'true',
    SF_SKIP_NEW_VERSION_CHECK: 'true',
    SF_HIDE_RELEASE_NOTES: 'true',
    SF_HIDE_RELEASE_NOTES_FOOTER: 'true',
    SF_USE_PROGRESS_BAR: 'false',
    SF_JSON_TO_STDOUT: 'true',
    // @salesforce/core logs to $HOME/.sf/sf-<date>.log from a worker thread,
    // in sf and in this process (source-deploy-retrieve); a late write races
    // the removal of the work folder and crashes the process. No log file.
    SF_DISABLE_LOG_FILE: 'true',
    SFDX_DISABLE_LOG_FILE: 'true',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    HOME: home,
    TMPDIR: tmp,
  };
}

/** rel turns p into a forward-slash path relative to base. */
export function rel(base, p) {
  return path.relative(base, p).split(path.sep).join('/');
}
