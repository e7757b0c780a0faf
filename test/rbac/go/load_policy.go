// Reads a JSON list of policy texts on stdin and prints, for each, what Argo CD's policy loader
// makes of it: the text split on "\n", each line strings.TrimSpace'd, blank and '#' lines skipped,
// the rest read by encoding/csv with TrimLeadingSpace (util/rbac/rbac.go loadPolicyLine), a p line
// needing 6 fields and a g line 3. Used by test/rbac/policy-csv-go.test.ts as a differential oracle.
package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

type result struct {
	Lines [][]string `json:"lines"`
	Error string     `json:"error,omitempty"`
}

func load(text string) result {
	out := result{Lines: [][]string{}}
	for _, raw := range strings.Split(text, "\n") {
		line := strings.TrimSpace(raw)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		reader := csv.NewReader(strings.NewReader(line))
		reader.TrimLeadingSpace = true
		tokens, err := reader.Read()
		if err != nil {
			return result{Lines: nil, Error: err.Error()}
		}
		if len(tokens) < 1 || tokens[0] == "" || (tokens[0] == "g" && len(tokens) != 3) || (tokens[0] == "p" && len(tokens) != 6) ||
			(tokens[0] != "p" && tokens[0] != "g") {
			return result{Lines: nil, Error: fmt.Sprintf("invalid RBAC policy: %s", line)}
		}
		out.Lines = append(out.Lines, tokens)
	}
	return out
}

func main() {
	var texts []string
	if err := json.NewDecoder(os.Stdin).Decode(&texts); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	results := make([]result, 0, len(texts))
	for _, text := range texts {
		results = append(results, load(text))
	}
	if err := json.NewEncoder(os.Stdout).Encode(results); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}
