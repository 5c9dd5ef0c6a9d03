// (d) Salesforce Code Analyzer with the PMD engine, driven through
// @salesforce/code-analyzer-core (the engine `sf code-analyzer run` uses; the
// sf plugin itself cannot be installed offline). Reads code-analyzer.yml.
import { readFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { HERE, finding } from './util.mjs';

const require = createRequire(import.meta.url);
/** SELECTORS is the rule selection, as `--rule-selector pmd:Recommended,pmd:Security`. */
export const SELECTORS = ['pmd:Recommended', 'pmd:Security'];

/**
 * pmdScan runs the selected rules over targets (files or folders) with workDir
 * as the engine working and log folder. It returns {rules, findings, version}.
 * Engine failures come back as severity-1 findings, never silently.
 */
export async function pmdScan(targets, base, workDir, { configFile = path.join(HERE, 'code-analyzer.yml'), log } = {}) {
  const yaml = require('js-yaml');
  const core = require('@salesforce/code-analyzer-core');
  const pmd = require('@salesforce/code-analyzer-pmd-engine');
  const data = yaml.load(await readFile(configFile, 'utf8')) ?? {};
  const caWork = path.join(workDir, 'code-analyzer');
  await mkdir(caWork, { recursive: true });
  data.root_working_folder = caWork;
  data.log_folder = caWork;
  const config = core.CodeAnalyzerConfig.fromObject(data, path.dirname(configFile));
  const ca = new core.CodeAnalyzer(config);
  const findings = [];
  ca.onEvent(core.EventType.LogEvent, (e) => {
    if (e.logLevel <= core.LogLevel.Error) {
      findings.push(finding('code-analyzer', '', 0, 0, 'EngineError', 1, e.source ? `${e.source}: ${e.message}` : e.message));
    } else if (log && e.logLevel <= core.LogLevel.Warn) {
      log(`code-analyzer: ${e.message}`);
    }
  });
  await ca.addEnginePlugin(pmd.createEnginePlugin());
  const workspace = await ca.createWorkspace(targets);
  const selection = await ca.selectRules(SELECTORS, { workspace });
  if (selection.getCount() === 0) {
    findings.push(finding('code-analyzer', '', 0, 0, 'NoRulesSelected', 1, `no rules match ${SELECTORS.join(',')}: nothing was analysed`));
    return { rules: 0, findings };
  }
  const results = await ca.run(selection, { workspace });
  for (const v of results.getViolations()) {
    const loc = v.getPrimaryLocation();
    const rule = v.getRule();
    findings.push(finding('code-analyzer', loc.getFile() ?? '', loc.getStartLine(), loc.getStartColumn(),
      rule.getName(), rule.getSeverityLevel(), v.getMessage(), base));
  }
  return { rules: selection.getCount(), findings, version: results.getCoreVersion() };
}
