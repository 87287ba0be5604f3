package sink

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// portableName matches names that every common file system accepts as
// they are: no separators, none of Windows' <>:"|?* and no control or
// non-ASCII characters, and no leading ".".
var portableName = regexp.MustCompile(`^[A-Za-z0-9_%~-][A-Za-z0-9_.%~-]*$`)

func TestHostileIDsTable(t *testing.T) {
	cases := []struct {
		name string
		id   string
		// want is the pinned file name, so that a change of the naming
		// scheme, which would orphan existing backups, fails here. Empty
		// means not pinned.
		want string
	}{
		{"parent folder", "..", "%2E."},
		{"current folder", ".", "%2E"},
		{"slash", "/", "%2F"},
		{"backslash", `\`, "%5C"},
		{"traversal", "../../etc/passwd", "%2E.%2F..%2Fetc%2Fpasswd"},
		{"windows traversal", `..\..\boot.ini`, "%2E.%5C..%5Cboot.ini"},
		{"NUL byte", "a\x00b", "a%00b"},
		{"absolute path", "/etc/passwd", "%2Fetc%2Fpasswd"},
		{"windows absolute path", `C:\Windows\win.ini`, ""},
		{"drive colon", "c:", "c%3A"},
		{"5000 characters", strings.Repeat("x", 5000), ""},
		{"5000 bytes of accents", strings.Repeat("é", 2500), ""},
		{"5000 escapes", strings.Repeat("/", 5000), ""},
		{"invalid UTF-8", "\xff\xfe\xc3", "%FF%FE%C3"},
		{"lower case", "sales", "sales"},
		{"title case", "Sales", "Sales~8de4e0ea"},
		{"upper case", "SALES", "SALES~f6075f13"},
		{"device name", "CON", "%43ON~a3dbc4b6"},
		{"device name lower case", "con", "%63on"},
		{"device name with extension", "nul.json", "%6Eul.json"},
		{"device name title case with extension", "Con.txt", "%43on.txt~ec723a9c"},
		{"serial port", "COM1", "%43OM1~6eac394b"},
		{"printer port", "lpt9", "%6Cpt9"},
		{"not a device name", "console", "console"},
		{"escape look-alike", "%41", "%2541"},
		{"letter A", "A", ""},
		{"letter a", "a", "a"},
		{"tilde", "a~b", "a%7Eb"},
		{"space", " ", "%20"},
		{"trailing dot", "x.", "x."},
		{"trailing space", "x ", "x%20"},
		{"windows reserved characters", `a<b>c:d"e|f?g*h`, ""},
		{"row key with slash", "Billing/Payments", ""},
		{"child key", "6f1b0c2e-9d1a-4d3e-8a44-0f6c2b7e5a10_VIP-001", ""},
	}
	root := filepath.Join(t.TempDir(), "backup")
	d, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	typeDir := filepath.Join(d.staging("export"), RawDir, "architect_datatable_row")
	byFoldedName := map[string]string{}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			name, err := FileName(tc.id)
			if err != nil {
				t.Fatalf("FileName: %v", err)
			}
			if tc.want != "" && name != tc.want {
				t.Errorf("FileName = %q, want %q", name, tc.want)
			}
			if again, _ := FileName(tc.id); again != name {
				t.Errorf("FileName is not stable: %q then %q", name, again)
			}
			if len(name)+len(".json") > 255 || len(name) > maxFileName {
				t.Errorf("name of %d bytes is too long", len(name))
			}
			if !portableName.MatchString(name) {
				t.Errorf("name %q is not portable", name)
			}
			stem, _, _ := strings.Cut(name, ".")
			if windowsDeviceNames[strings.ToLower(stem)] {
				t.Errorf("name %q is a Windows device name", name)
			}
			folded := strings.ToLower(name)
			if other, dup := byFoldedName[folded]; dup {
				t.Errorf("name %q collides with the name of %q on a case-insensitive file system", name, other)
			}
			byFoldedName[folded] = tc.id
			if back, ok := IDFromFileName(name); ok && back != tc.id {
				t.Errorf("IDFromFileName(%q) = %q, want %q", name, back, tc.id)
			} else if !ok && !strings.Contains(name, "~") {
				t.Errorf("IDFromFileName(%q) cannot decode a name without a hash", name)
			}

			if err := d.WriteObject("export", "architect_datatable_row", tc.id, []byte(`{"key":1}`)); err != nil {
				t.Fatalf("WriteObject: %v", err)
			}
			path := filepath.Join(typeDir, name+".json")
			if _, err := os.Stat(path); err != nil {
				t.Errorf("the object is not at %s: %v", path, err)
			}
			if filepath.Dir(path) != typeDir {
				t.Errorf("%s is not directly inside %s", path, typeDir)
			}
			data, err := d.ReadStaged("export", "architect_datatable_row", tc.id)
			if err != nil || string(data) != "{\n  \"key\": 1\n}\n" {
				t.Errorf("ReadStaged = %q, %v", data, err)
			}
		})
	}

	// Every file is inside the backup folder, one per id, and nothing but
	// the type folder's files was created.
	files := 0
	err = filepath.WalkDir(root, func(path string, entry fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			t.Errorf("%s is outside the backup folder", path)
		}
		if !entry.IsDir() {
			files++
			if filepath.Dir(path) != typeDir {
				t.Errorf("%s was written outside the type's folder", path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files != len(cases) {
		t.Errorf("%d files written for %d distinct ids", files, len(cases))
	}

	staged, err := d.StagedIDs("export", "architect_datatable_row")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, id := range staged {
		listed[id] = true
	}
	for _, tc := range cases {
		name, _ := FileName(tc.id)
		// A name shortened to fit ends in "~" and 32 hexadecimal digits,
		// and its id cannot be listed.
		shortened := strings.LastIndexByte(name, '~') == len(name)-33
		if !shortened && !listed[tc.id] {
			t.Errorf("StagedIDs does not list %q (file %s)", tc.id, name)
		}
	}
}

func TestCaseOnlyIDsStayApart(t *testing.T) {
	ids := []string{"vip", "VIP", "Vip", "vIP", "ViP", "vIp", "VIp", "viP"}
	seen := map[string]string{}
	for _, id := range ids {
		name, err := FileName(id)
		if err != nil {
			t.Fatal(err)
		}
		folded := strings.ToLower(name)
		if other, dup := seen[folded]; dup {
			t.Errorf("%q and %q get names %q that differ only in case", other, id, name)
		}
		seen[folded] = id
	}
}

func TestCaseSuffixRejectsForgedNames(t *testing.T) {
	// A "~" never comes from an id, so these names were not written by
	// FileName and must not decode.
	for _, name := range []string{"Sales~00000000", "sales~8de4e0ea", "Sales~8de4e0e", "Sales~8de4e0eaa", "x~"} {
		if id, ok := IDFromFileName(name); ok {
			t.Errorf("IDFromFileName(%q) = %q, want no id", name, id)
		}
	}
}

func TestPublishedModes(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no Unix permission bits")
	}
	root := filepath.Join(t.TempDir(), "backup")
	d, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	for run, id := range []string{"a", "Row/With Slash"} {
		if err := d.WriteObject("export", "architect_datatable_row", id, []byte(`{"id":1}`)); err != nil {
			t.Fatal(err)
		}
		if err := d.WriteFlowYAML("export", "flow-1", []byte("inboundCall: {}\n")); err != nil {
			t.Fatal(err)
		}
		runID := []string{"run-1", "run-2"}[run]
		if err := d.Publish("export", runID); err != nil {
			t.Fatal(err)
		}
		if err := d.ResetTerraform(); err != nil {
			t.Fatal(err)
		}
		if err := d.WriteFile("provider.tf.json", []byte("{}\n")); err != nil {
			t.Fatal(err)
		}
		if err := d.WriteJSON(ReportFile, map[string]any{}); err != nil {
			t.Fatal(err)
		}
		if err := d.WriteJSON(ManifestFile, map[string]string{"status": "complete", "scope": ScopeFull}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(filepath.Join(root, PreviousDir, RawDir)); err != nil {
		t.Fatalf("the second publish kept no previous backup: %v", err)
	}
	dirs, files := 0, 0
	err = filepath.WalkDir(root, func(path string, entry fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := entry.Info()
		if err != nil {
			return err
		}
		switch mode := info.Mode().Perm(); {
		case entry.IsDir():
			dirs++
			if mode != dirPerm {
				t.Errorf("folder %s has mode %v, want %v", path, mode, fs.FileMode(dirPerm))
			}
		default:
			files++
			if mode != filePerm {
				t.Errorf("file %s has mode %v, want %v", path, mode, fs.FileMode(filePerm))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// backup, raw, its type, flows, terraform, previous and its copies.
	if dirs < 8 || files < 8 {
		t.Errorf("walked %d folders and %d files, too few to cover a published backup", dirs, files)
	}
}
