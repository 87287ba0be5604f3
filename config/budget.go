package config

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Defaults of the request budget: the Platform API's documented limit of
// 300 requests per minute per token (token.rate.per.minute), and one worker.
const (
	defaultRequestsPerMinute = 300
	defaultWorkers           = 1
	maxRequestsPerMinute     = 1_000_000
	maxWorkers               = 1000
)

// loadBudget reads genesys.requestsPerMinute and genesys.workers into c and
// returns one error per invalid value.
func (c *GenesysConfig) loadBudget(get func(string) string, sources map[string]string, skip map[string]bool) []error {
	var problems []error
	read := func(key string, limit int) int {
		value := get(key)
		n, err := strconv.Atoi(value)
		if skip[strings.ToLower(key)] {
			return n
		}
		if err != nil || n < 1 || n > limit {
			message := fmt.Sprintf("config: %s: %q is not a whole number from 1 to %d", key, value, limit)
			if source, ok := sources[key]; ok {
				message += " (set by " + source + ")"
			}
			problems = append(problems, errors.New(message))
		}
		return n
	}
	c.RequestsPerMinute = read("genesys.requestsPerMinute", maxRequestsPerMinute)
	c.Workers = read("genesys.workers", maxWorkers)
	return problems
}

// WorkerRequestsPerMinute returns the share of RequestsPerMinute that one
// of Workers worker processes may send, or 0 (no limit) when the budget is
// unset, as in configurations built in code rather than by Load.
func (c GenesysConfig) WorkerRequestsPerMinute() float64 {
	if c.RequestsPerMinute <= 0 {
		return 0
	}
	return float64(c.RequestsPerMinute) / float64(max(c.Workers, 1))
}

// redactedBudget returns the budget settings by YAML path, for Redacted.
func (c GenesysConfig) redactedBudget() map[string]any {
	return map[string]any{
		"genesys.requestsPerMinute": strconv.Itoa(c.RequestsPerMinute),
		"genesys.workers":           strconv.Itoa(c.Workers),
	}
}
