// Renders a Helm chart's templates with Go's own text/template, as Helm does, with the values given as JSON (the
// test converts values.yaml). Only the built-ins orch's charts use exist here: a template that needs a Sprig function
// fails to parse, and a missing value fails to execute, so the test sees it.
//
// Usage: go run render.go CHART_DIR VALUES_JSON [CHART_DIR VALUES_JSON ...]
// Each chart's output starts with a line "# chart: CHART_DIR" (one go run for many charts: compiling costs seconds).
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"text/template"
)

func main() {
	if len(os.Args) < 3 || len(os.Args)%2 != 1 {
		fmt.Fprintln(os.Stderr, "usage: render CHART_DIR VALUES_JSON [CHART_DIR VALUES_JSON ...]")
		os.Exit(2)
	}
	for i := 1; i < len(os.Args); i += 2 {
		fmt.Println("# chart: " + os.Args[i])
		renderChart(os.Args[i], os.Args[i+1])
	}
}

func renderChart(dir string, valuesFile string) {
	raw, err := os.ReadFile(valuesFile)
	if err != nil {
		fail(err)
	}
	var values map[string]interface{}
	if err := json.Unmarshal(raw, &values); err != nil {
		fail(err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "templates", "*.yaml"))
	if err != nil {
		fail(err)
	}
	sort.Strings(files)
	data := map[string]interface{}{"Values": values}
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			fail(err)
		}
		t, err := template.New(filepath.Base(f)).Option("missingkey=error").Parse(string(text))
		if err != nil {
			fail(fmt.Errorf("%s: %w", f, err))
		}
		fmt.Println("---")
		if err := t.Execute(os.Stdout, data); err != nil {
			fail(fmt.Errorf("%s: %w", f, err))
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
