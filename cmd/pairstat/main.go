// Command pairstat turns the Excel workbooks of two paired regions into
// exact yearly indicator totals. See the README for its commands.
package main

import "os"

func main() { os.Exit(Do(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
