package catalog

import (
	"encoding/json"
	"testing"
)

// benchUser is a user as GET /api/v2/users/query returns it with the
// exporter's expand fields: several skills, languages, roles and groups.
const benchUser = `{
  "id": "6a1e5b3c-0000-4000-8000-000000000001", "name": "Ana Lima", "state": "active",
  "division": {"id": "d0000000-0000-4000-8000-000000000001", "name": "Home"},
  "manager": {"id": "6a1e5b3c-0000-4000-8000-000000000002"},
  "skills": [{"id": "5k000000-0000-4000-8000-000000000001", "proficiency": 3},
             {"id": "5k000000-0000-4000-8000-000000000002", "proficiency": 5},
             {"id": "5k000000-0000-4000-8000-000000000003", "proficiency": 1}],
  "languages": [{"id": "1a000000-0000-4000-8000-000000000001", "proficiency": 4}],
  "authorization": {"roles": [{"id": "r0000000-0000-4000-8000-000000000001", "name": "Agent"},
                              {"id": "r0000000-0000-4000-8000-000000000002", "name": "Supervisor"}]},
  "groups": [{"id": "g0000000-0000-4000-8000-000000000001"}, {"id": "g0000000-0000-4000-8000-000000000002"}],
  "locations": [{"locationDefinition": {"id": "10000000-0000-4000-8000-000000000001"}}],
  "primaryContactInfo": [{"address": "ana@example.com", "mediaType": "EMAIL", "type": "PRIMARY"}]
}`

func decodedUser(b *testing.B) any {
	var obj any
	if err := json.Unmarshal([]byte(benchUser), &obj); err != nil {
		b.Fatal(err)
	}
	return obj
}

func BenchmarkExtract(b *testing.B) {
	obj := decodedUser(b)
	b.ReportAllocs()
	for b.Loop() {
		if ids := Extract(obj, "skills[].id"); len(ids) != 3 {
			b.Fatalf("Extract returned %d ids, want 3", len(ids))
		}
	}
}

// BenchmarkReferences finds every reference of a user through the
// catalogue's user declaration.
func BenchmarkReferences(b *testing.B) {
	user, ok := Default().Type("user")
	if !ok {
		b.Fatal("the catalogue has no user type")
	}
	obj := decodedUser(b)
	b.ReportAllocs()
	for b.Loop() {
		if refs := user.References(obj); len(refs) < 10 {
			b.Fatalf("References returned %d references, want at least 10", len(refs))
		}
	}
}
