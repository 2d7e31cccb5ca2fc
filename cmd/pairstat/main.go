package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() { os.Exit(runProcess()) }

// runProcess runs pairstat on the process's arguments and streams. The
// first interrupt (Ctrl-C, SIGTERM) cancels the command's context, which
// every command passes down; it is the one signal handler of the process.
func runProcess() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return Do(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
}
