package main

import (
	"fmt"
	"os"

	"golang.org/x/term"

	"github.com/gcexport/gcexport/app"
)

// Values of --progress.
const (
	progressAuto  = "auto"
	progressBars  = "bars"
	progressPlain = "plain"
)

// newProgressView checks the --progress mode and returns the function that
// makes its view. The view is made only when following starts, so that
// lines printed before it stay above the bars.
func newProgressView(mode string) (func() app.ProgressView, error) {
	bars := func() app.ProgressView { return app.NewBarsView(os.Stdout, 0) }
	plain := func() app.ProgressView { return app.NewPlainView(os.Stdout) }
	switch mode {
	case progressBars:
		return bars, nil
	case progressPlain:
		return plain, nil
	case progressAuto, "":
		if stdoutIsTerminal() {
			return bars, nil
		}
		return plain, nil
	}
	return nil, fmt.Errorf("invalid --progress %q: it must be %q, %q or %q", mode, progressAuto, progressBars, progressPlain)
}

func stdoutIsTerminal() bool {
	return term.IsTerminal(int(os.Stdout.Fd()))
}
