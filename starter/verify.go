package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/gcexport/gcexport/inspect"
	"github.com/gcexport/gcexport/catalog"
	"github.com/gcexport/gcexport/export"
)

func newVerifyCommand(opts *options) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "verify BACKUP",
		Short: "Check a backup folder on disk against its manifest",
		Long: `verify reads the backup folder BACKUP and checks, without Temporal or the API:

  checksum   each type's files under raw/, flows/ and terraform/ against the
             count and sha256 in manifest.json
  format     each raw file is JSON in the form the exporter writes, which
             names a file edited after the export
  audit      per type, listed = count + the objects in report.json
  reference  each reference of a raw object points at an object in the
             backup, or is reported in report.json (dangling, a problem of
             the target, a skipped type)
  terraform  terraform/ parses, declares each block once, and every
             reference in it points at a declared block or variable

` + exitCodesHelp,
		Example: `  starter verify ./backup
  starter verify ./backup/previous
  starter verify --json /var/backups/genesys > verify.json`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          exactArgs(opts, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if info, err := os.Stat(args[0]); err != nil || !info.IsDir() {
				opts.exitCode = exitUsage
				return fmt.Errorf("backup folder %s not found", args[0])
			}
			res, err := inspect.Verify(args[0], catalog.Default())
			if err != nil {
				opts.exitCode = exitFailed
				return err
			}
			if asJSON {
				enc := json.NewEncoder(os.Stdout)
				enc.SetIndent("", "  ")
				if err := enc.Encode(res); err != nil {
					return err
				}
			} else {
				res.WriteText(os.Stdout)
			}
			opts.exitCode = verifyExitCode(res)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON")
	return cmd
}

// verifyExitCode returns 1 when a check failed, 3 when the backup is intact
// but its export was partial, else 0.
func verifyExitCode(res *inspect.Result) int {
	switch {
	case !res.OK():
		return exitFailed
	case res.Status != export.StatusComplete:
		return exitPartial
	}
	return exitComplete
}

func newDiffCommand(opts *options) *cobra.Command {
	var brief, asJSON bool
	cmd := &cobra.Command{
		Use:   "diff OLD_BACKUP NEW_BACKUP",
		Short: "Compare the objects of two backups",
		Long: `diff compares the raw objects of two finished backups, type by type, matching
objects by id: the objects added, removed and changed, and for each changed
object the JSON paths whose values differ (such as "name", "division.id" or
"members[2]"). An array whose length changed is reported as one path. Flows'
Architect YAML files are compared byte for byte.

The status is 0 whether or not the backups differ, 1 when a backup cannot be
read, and 2 for invalid arguments.`,
		Example: `  starter diff ./backup/previous ./backup
  starter diff --brief /mnt/dr/2026-12-03 /mnt/dr/2026-12-04
  starter diff --json old new | jq '.types[] | select(.changed | length > 0)'`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          exactArgs(opts, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			res, err := inspect.Diff(args[0], args[1])
			if err != nil {
				opts.exitCode = exitFailed
				return err
			}
			if asJSON {
				enc := json.NewEncoder(os.Stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(res)
			}
			res.WriteText(os.Stdout, brief)
			return nil
		},
	}
	cmd.Flags().BoolVar(&brief, "brief", false, "print one line per type that differs, without the ids")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON")
	return cmd
}
