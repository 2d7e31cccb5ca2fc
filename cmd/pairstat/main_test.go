package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the test binary act as the pairstat command inside scripts:
// testscript re-executes it with the name "pairstat", which runs Do in a
// separate process with the script's working folder and environment. With
// PAIRSTAT_MAIN=1 it is pairstat itself, for the tests that run pairstat as
// a process of their own (see pairstatCmd).
func TestMain(m *testing.M) {
	if os.Getenv("PAIRSTAT_MAIN") == "1" {
		status := runProcess()
		writePeakMemory() // for TestHostileInputs
		os.Exit(status)
	}
	testscript.Main(m, map[string]func(){
		"pairstat": main,
	})
}

// TestScripts runs the end-to-end scripts in testdata/script. Each script
// finds the repository's sample workbooks in $WORK/samples.
func TestScripts(t *testing.T) {
	samples, err := filepath.Glob(filepath.Join("..", "..", "samples", "*.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if len(samples) == 0 {
		t.Fatal("no sample workbooks in ../../samples")
	}
	testscript.Run(t, testscript.Params{
		Dir: filepath.Join("testdata", "script"),
		Setup: func(env *testscript.Env) error {
			return copySamples(samples, filepath.Join(env.WorkDir, "samples"))
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exitcode": cmdExitCode,
		},
	})
}

// copySamples copies the sample workbooks into dir.
func copySamples(samples []string, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, s := range samples {
		data, err := os.ReadFile(s)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(s)), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// cmdExitCode implements the script command
//
//	exitcode N program [args...]
//
// which runs program like exec does (stdout and stderr are kept for the
// commands that follow) and fails unless it exits with exactly status N.
// testscript's own `! exec` only tells zero from non-zero, and SPEC §5 gives
// status 3 ("finished, but at least one input was rejected") a meaning of
// its own that batch jobs act on, so it must not pass for a plain failure (1).
func cmdExitCode(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! exitcode (state the expected status instead)")
	}
	if len(args) < 2 {
		ts.Fatalf("usage: exitcode N program [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exitcode: bad status %q", args[0])
	}
	got, err := exitCodeOf(ts.Exec(args[1], args[2:]...))
	if err != nil {
		ts.Fatalf("exitcode: %v", err)
	}
	if got != want {
		ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
	}
}

// exitCodeOf turns the error of a finished command into its exit status.
func exitCodeOf(err error) (int, error) {
	if err == nil {
		return 0, nil
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.Exited() {
		return exit.ExitCode(), nil
	}
	return 0, fmt.Errorf("command did not exit normally: %w", err)
}
