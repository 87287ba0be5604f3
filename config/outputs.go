package config

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

var logFormats = []string{"auto", "text", "json"}

// UploadSchemes are the bucket URL schemes that upload accepts, as the
// gocloud.dev/blob drivers name them. mem:// keeps the bucket in memory
// and serves tests only.
var UploadSchemes = []string{"file", "s3", "gs", "azblob", "mem"}

// loadOutputs reads the log format, the metrics endpoint, the upload URL
// and the archive switch, and returns one error per invalid value.
func (c *Config) loadOutputs(get func(string) string, sources map[string]string, skip map[string]bool) []error {
	var problems []error
	report := func(key, format string, args ...any) {
		if skip[strings.ToLower(key)] {
			return
		}
		message := fmt.Sprintf("config: %s: %s", key, fmt.Sprintf(format, args...))
		if source, ok := sources[key]; ok {
			message += " (set by " + source + ")"
		}
		problems = append(problems, errors.New(message))
	}

	c.LogFormat = strings.ToLower(get("logFormat"))
	if !isOneOf(c.LogFormat, logFormats) {
		report("logFormat", "%q is not one of %s", c.LogFormat, strings.Join(logFormats, ", "))
	}

	c.MetricsListen = get("metricsListen")
	if c.MetricsListen != "" && !isHostPort(c.MetricsListen) {
		report("metricsListen", "%q is not host:port (for example 127.0.0.1:9464)", c.MetricsListen)
	}

	c.Upload = get("upload")
	if c.Upload != "" {
		if problem := checkUploadURL(c.Upload); problem != "" {
			report("upload", "%s", problem)
		}
	}

	archive, err := strconv.ParseBool(get("archive"))
	if err != nil {
		report("archive", "%q is not true or false", get("archive"))
	}
	c.Archive = archive
	return problems
}

// checkUploadURL returns what is wrong with a bucket URL, or "" when its
// scheme is one of UploadSchemes. Whether the bucket exists is checked
// when the first backup is copied, because the credentials to reach it
// are the driver's (AWS, Google Cloud or Azure variables and files).
func checkUploadURL(value string) string {
	u, err := url.Parse(value)
	if err != nil || u.Scheme == "" {
		return fmt.Sprintf("%q is not a bucket URL such as s3://my-bucket or file:///srv/backups", value)
	}
	if !isOneOf(u.Scheme, UploadSchemes) {
		return fmt.Sprintf("%q: unsupported scheme %q (supported: %s)", value, u.Scheme, strings.Join(UploadSchemes, ", "))
	}
	if u.User != nil {
		return fmt.Sprintf("scheme %s: a bucket URL takes no user or password: "+
			"the bucket's credentials come from the cloud provider's own variables and files", u.Scheme)
	}
	if u.Scheme != "file" && u.Scheme != "mem" && u.Host == "" {
		return fmt.Sprintf("%q names no bucket", value)
	}
	return ""
}
