package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/gcexport/gcexport/genesys"
)

var logLevels = []string{"debug", "info", "warn", "error"}

// validate checks every setting, normalizes Region and LogLevel, and returns
// one error per problem. sources names where each value came from, for the
// messages. Keys in skip already have a reported problem.
func (c *Config) validate(sources map[string]string, skip map[string]bool) []error {
	var problems []error
	report := func(key, format string, args ...any) {
		message := fmt.Sprintf("config: %s: %s", key, fmt.Sprintf(format, args...))
		if source, ok := sources[key]; ok {
			message += " (set by " + source + ")"
		}
		problems = append(problems, errors.New(message))
	}
	checked := func(key string) bool { return !skip[strings.ToLower(key)] }

	if checked("genesys.region") {
		region, err := genesys.LookupRegion(c.Genesys.Region)
		if err != nil {
			report("genesys.region", "unknown region %q (known: %s)",
				c.Genesys.Region, strings.Join(genesys.RegionKeys(), ", "))
		} else {
			c.Genesys.Region = region.Key
		}
	}

	switch {
	case c.Genesys.ClientID != "" && c.Genesys.ClientSecret == "" && checked("genesys.clientSecret"):
		report("genesys.clientSecret", "missing while genesys.clientId is set (set both, or neither to use the simulator)")
	case c.Genesys.ClientID == "" && c.Genesys.ClientSecret != "" && checked("genesys.clientId"):
		report("genesys.clientId", "missing while genesys.clientSecret is set (set both, or neither to use the simulator)")
	}

	for _, key := range []string{"genesys.apiUrl", "genesys.loginUrl"} {
		value := c.Genesys.APIURL
		if key == "genesys.loginUrl" {
			value = c.Genesys.LoginURL
		}
		if value != "" && checked(key) {
			if problem := checkURL(value); problem != "" {
				report(key, "%s", problem)
			}
		}
	}

	if checked("temporal.address") && !isHostPort(c.Temporal.Address) {
		report("temporal.address", "%q is not host:port (for example 127.0.0.1:7233)", c.Temporal.Address)
	}
	for key, value := range map[string]string{
		"temporal.namespace": c.Temporal.Namespace,
		"temporal.taskQueue": c.Temporal.TaskQueue,
	} {
		if !checked(key) {
			continue
		}
		if value == "" {
			report(key, "must not be empty")
		} else if strings.IndexFunc(value, unicode.IsSpace) >= 0 {
			report(key, "%q must not contain spaces", value)
		}
	}

	if c.Output == "" && checked("output") {
		report("output", "must not be empty")
	}
	if c.StateDir == "" && checked("stateDir") {
		report("stateDir", "must not be empty")
	}

	level := strings.ToLower(c.LogLevel)
	if checked("logLevel") {
		if isOneOf(level, logLevels) {
			c.LogLevel = level
		} else {
			report("logLevel", "%q is not one of %s", c.LogLevel, strings.Join(logLevels, ", "))
		}
	}
	return problems
}

// checkURL returns what is wrong with a base URL, or "" when it is an http
// or https URL with a host.
func checkURL(value string) string {
	u, err := url.Parse(value)
	if err != nil {
		return fmt.Sprintf("%q is not a URL", value)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Sprintf("%q must start with http:// or https://", value)
	}
	if u.Host == "" {
		return fmt.Sprintf("%q has no host", value)
	}
	return ""
}

// isHostPort reports whether value is host:port with a non-empty host and a
// port from 1 to 65535.
func isHostPort(value string) bool {
	host, port, err := net.SplitHostPort(value)
	if err != nil || host == "" {
		return false
	}
	number, err := strconv.Atoi(port)
	return err == nil && number >= 1 && number <= 65535
}

func isOneOf(value string, allowed []string) bool {
	for _, candidate := range allowed {
		if value == candidate {
			return true
		}
	}
	return false
}

// joinSorted joins errors in the order of their messages, so that the same
// configuration always gives the same output.
func joinSorted(problems []error) error {
	sort.SliceStable(problems, func(i, j int) bool { return problems[i].Error() < problems[j].Error() })
	return errors.Join(problems...)
}
