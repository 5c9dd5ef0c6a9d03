package main

// commands is the one table of subcommands, in the order `patchbay help`
// lists them: what a person does first comes first. Each command's code
// lives in the file named after it.
var commands = []command{
	{name: "plan", summary: "turn a plain-English request into a spec (YAML, or JSON with --json)", run: runPlan},
	{name: "validate", summary: "check a spec and list every problem, one a line", run: runValidate},
	{name: "try", summary: "dry-run a flow on a sample record and canned responses: what it would send and change", run: runTry},
	{name: "generate", summary: "write the Salesforce DX project for a spec to a folder", run: runGenerate},
	{name: "package", summary: "build the deployable zip (Metadata API or SFDX project) for a spec", run: runPackage},
	{name: "deploy", summary: "deploy a spec or a Metadata API zip to connected orgs", run: runDeploy},
	{name: "runs", summary: "list an integration's runs in connected orgs (read from each org's Integration_Log__c); runs replay: run chosen failures again", run: runRuns},
	{name: "status", summary: "is each deployed integration live and healthy in each org: the checklist left, failures, API use", run: runStatus},
	{name: "org", summary: "connect Salesforce orgs: login, list, logout, refresh", run: runOrg},
	{name: "serve", summary: "run the web app (--demo: with two simulated orgs)", run: runServe},
	{name: "user", summary: "manage web app accounts: add, list, passwd", run: runUser},
	{name: "sfsim", summary: "run a local Salesforce org simulator (for demos and the sf CLI)", run: runSfsim},
	{name: "schema", summary: "print the JSON Schema of the spec", run: runSchema},
}

// lookup finds a subcommand by name.
func lookup(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}
