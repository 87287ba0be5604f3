package export

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestRequestDecodeAndValidate(t *testing.T) {
	cases := []struct {
		json string
		want string // "" means valid
	}{
		{`{}`, ""},
		{`{"include":["user"],"exclude":["group"],"output":"/b","maxParallelTypes":8,"maxParallelPages":2}`, ""},
		{`{"includes":["user"]}`, `unknown field "includes"`},
		{`{"include":"user"}`, `field "include" must be a JSON array of strings, not a JSON string`},
		{`{"maxParallelPages":"4"}`, `field "maxParallelPages" must be a whole number, not a JSON string`},
		{`{"withDependencies":1}`, `field "withDependencies" must be true or false, not a JSON number`},
		{`[]`, `the request must be a JSON object such as {}`},
		{`"hello"`, `the request must be a JSON object such as {}`},
		{`{"maxParallelTypes":65}`, "maxParallelTypes is 65; it must be 1 to 64, or 0 for the default"},
		{`{"maxParallelPages":-2}`, "maxParallelPages is -2"},
		{`{"include":["user","user::Ann.*"],"divisions":["d1"]}`, ""},
	}
	for _, tc := range cases {
		var r Request
		if err := json.Unmarshal([]byte(tc.json), &r); err != nil {
			t.Fatalf("%s: Unmarshal returned %v; decoding errors belong to Validate", tc.json, err)
		}
		err := r.Validate()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: Validate = %v, want nil", tc.json, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: Validate = %v, want it to contain %q", tc.json, err, tc.want)
		}
	}
}

func TestRequestDefaults(t *testing.T) {
	var r Request
	if r.ParallelTypes() != DefaultParallelTypes || r.ParallelPages() != DefaultParallelPages {
		t.Errorf("defaults = %d, %d", r.ParallelTypes(), r.ParallelPages())
	}
	r = Request{MaxParallelTypes: 2, MaxParallelPages: 9}
	if r.ParallelTypes() != 2 || r.ParallelPages() != 9 {
		t.Errorf("set values = %d, %d", r.ParallelTypes(), r.ParallelPages())
	}
}

func TestRequestRoundTrip(t *testing.T) {
	in := Request{Include: []string{"user"}, MaxParallelPages: 3}
	data, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out Request
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	if err := out.Validate(); err != nil {
		t.Fatalf("round-tripped request is invalid: %v", err)
	}
	if strings.Join(out.Include, ",") != "user" || out.MaxParallelPages != 3 {
		t.Errorf("round trip = %+v", out)
	}
}

func TestDescribeDecodeError(t *testing.T) {
	cases := []struct{ json, want string }{
		{`{"include":["user"`, "invalid JSON at byte 18"},
		{`{"include":["user"]]`, "invalid JSON at byte 20"},
		{`{"lockDeadlin":"1h"}`, "known: divisions, exclude, include, lockDeadline,"},
	}
	for _, tc := range cases {
		var r Request
		err := json.Unmarshal([]byte(tc.json), &r)
		if err == nil {
			err = r.Validate()
		} else {
			err = DescribeDecodeError(err)
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error = %v, want it to contain %q", tc.json, err, tc.want)
		}
	}
}
