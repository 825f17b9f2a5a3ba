package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/socpick/socpick/internal/calendar"
	"github.com/socpick/socpick/internal/profile"
)

// defaultInitFile is where init writes without a FILE.
const defaultInitFile = "vendor.yaml"

func newInitCmd(f *Factory) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "init [FILE]",
		Short: "Write a vendor profile to fill in, every question explained",
		Long: `Write a vendor profile to fill in (FILE, default vendor.yaml): every question
of the questionnaire in use as a comment above its answer key, with its help and
allowed values, the answers at their defaults or empty, metadata.name made from
the file's name and metadata.answered_on today. Questions asked only after
another answer are commented out, with when to answer them.

Fill it in, then run socpick advise --profile FILE, and socpick check FILE in
CI. socpick questions --format yaml prints the same to standard output.`,
		Example: `  socpick init vendors/acme.yaml
  $EDITOR vendors/acme.yaml
  socpick advise --profile vendors/acme.yaml`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := defaultInitFile
			if len(args) == 1 {
				path = args[0]
			}
			if path == "" || path == "-" {
				return usageErrorf("init needs a file name (socpick questions --format yaml prints the profile to standard output)")
			}
			rs, err := f.Ruleset()
			if err != nil {
				return err
			}
			data := profile.Template(rs.Questions, profile.NameFromPath(path), calendar.Today())
			if err := profile.Save(path, data, force); err != nil {
				if errors.Is(err, profile.ErrExists) {
					return fmt.Errorf("%s exists; choose another name, or use --force to replace it", path)
				}
				return err
			}
			f.IO.Notice(fmt.Sprintf("socpick: wrote %s; fill in its answers, then: socpick advise --profile %s", path, shellArg(path)))
			return nil
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "replace FILE if it exists")
	return cmd
}
