package terraform

import (
	"fmt"
	"testing"
)

func TestBaseLabelGolden(t *testing.T) {
	const id = "4cd75998-a7ae-4dcb-a223-fd41ebb77812"
	tests := []struct {
		text, want string
	}{
		{"Support — Tier 1", "Support_Tier_1"},
		{"Soporte Técnico", "Soporte_Tecnico"},
		{"Straße & Größe", "Strasse_Grosse"},
		{"Æsir Œuvre", "AEsir_OEuvre"},
		{"Łódź", "Lodz"},
		{"Cafe\u0301 déjà", "Cafe_deja"}, // decomposed é
		{"営業本部", "_4cd75998"},
		{"Отдел продаж", "_4cd75998"},
		{"تم الحل", "_4cd75998"},
		{"Queue Supervisor — 東京", "Queue_Supervisor_4cd75998"},
		{"顧客検索 | Lookup Customer", "Lookup_Customer_4cd75998"},
		{"BOT_Голосовой бот", "BOT_4cd75998"},
		{"Team Ωmega", "Team_mega_4cd75998"},
		{"2nd line", "_2nd_line"},
		{"-dash", "_-dash"},
		{"already_ok-label", "already_ok-label"},
		{"   ", "_4cd75998"},
		{"", "_4cd75998"},
		{"a.b@example.com", "a_b_example_com"},
	}
	for _, tc := range tests {
		if got := baseLabel(tc.text, id); got != tc.want {
			t.Errorf("baseLabel(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestIDTagOfNonGUID(t *testing.T) {
	tag := idTag("support.example.mypurecloud.com", 8)
	if len(tag) != 8 || !isHex(tag) {
		t.Errorf("idTag = %q, want 8 hex digits", tag)
	}
	if idTag("support.example.mypurecloud.com", 8) != tag {
		t.Error("idTag is not stable")
	}
}

func labelsOf(names map[string]string, order []string) map[string]string {
	var objs []*object
	for _, id := range order {
		objs = append(objs, &object{id: id, raw: map[string]any{"name": names[id]}})
	}
	assignLabels(objs, func(o *object) string { return o.raw["name"].(string) })
	out := map[string]string{}
	for _, o := range objs {
		out[o.id] = o.label
	}
	return out
}

func TestAssignLabelsTwins(t *testing.T) {
	names := map[string]string{
		"aaaaaaaa-0000-0000-0000-000000000001": "Sales: EMEA",
		"bbbbbbbb-0000-0000-0000-000000000002": "Sales - EMEA",
		"cccccccc-0000-0000-0000-000000000003": "Sales (EMEA)",
		"dddddddd-0000-0000-0000-000000000004": "Support",
		"eeeeeeee-0000-0000-0000-000000000005": "営業本部",
		"ffffffff-0000-0000-0000-000000000006": "Отдел продаж",
		"12345678-0000-0000-0000-000000000007": "Billing",
		"12345678-9999-0000-0000-000000000008": "Billing",
	}
	want := map[string]string{
		"aaaaaaaa-0000-0000-0000-000000000001": "Sales_EMEA_aaaaaaaa",
		"bbbbbbbb-0000-0000-0000-000000000002": "Sales_-_EMEA",
		"cccccccc-0000-0000-0000-000000000003": "Sales_EMEA_cccccccc",
		"dddddddd-0000-0000-0000-000000000004": "Support",
		"eeeeeeee-0000-0000-0000-000000000005": "_eeeeeeee",
		"ffffffff-0000-0000-0000-000000000006": "_ffffffff",
		// Twins whose first 8 hex digits agree get longer suffixes.
		"12345678-0000-0000-0000-000000000007": "Billing_123456780000",
		"12345678-9999-0000-0000-000000000008": "Billing_123456789999",
	}
	forward := sortedKeys(names)
	backward := make([]string, len(forward))
	for i, id := range forward {
		backward[len(forward)-1-i] = id
	}
	for _, order := range [][]string{forward, backward} {
		got := labelsOf(names, order)
		seen := map[string]bool{}
		for _, id := range order {
			if got[id] != want[id] {
				t.Errorf("label of %q (%s) = %q, want %q", names[id], id, got[id], want[id])
			}
			if !validLabel.MatchString(got[id]) {
				t.Errorf("label %q is not valid", got[id])
			}
			if seen[got[id]] {
				t.Errorf("label %q given twice", got[id])
			}
			seen[got[id]] = true
		}
	}
}

func TestAssignLabelsSuffixMeetsName(t *testing.T) {
	// A name that happens to equal another object's suffixed label makes
	// the twins take a longer suffix.
	names := map[string]string{
		"aaaaaaaa-1111-0000-0000-000000000001": "Team",
		"aaaaaaaa-2222-0000-0000-000000000002": "Team",
		"bbbbbbbb-0000-0000-0000-000000000003": "Team_aaaaaaaa",
	}
	got := labelsOf(names, sortedKeys(names))
	seen := map[string]bool{}
	for id, l := range got {
		if seen[l] {
			t.Errorf("label %q given twice: %v", l, got)
		}
		seen[l] = true
		if !validLabel.MatchString(l) {
			t.Errorf("label %q of %s is not valid", l, id)
		}
	}
	if got["bbbbbbbb-0000-0000-0000-000000000003"] != "Team_aaaaaaaa" {
		t.Errorf("the untwinned name lost its label: %v", got)
	}
}

func TestLabelsOfManyNames(t *testing.T) {
	names := map[string]string{}
	for i := 0; i < 500; i++ {
		id := fmt.Sprintf("%08x-0000-0000-0000-%012d", i*7919, i)
		names[id] = []string{"Queue", "Queue!", "queue", "Очередь", "", "Cola ñ", "キュー"}[i%7]
	}
	got := labelsOf(names, sortedKeys(names))
	seen := map[string]string{}
	for id, l := range got {
		if other, dup := seen[l]; dup {
			t.Fatalf("label %q given to %s and %s", l, id, other)
		}
		seen[l] = id
		if !validLabel.MatchString(l) {
			t.Errorf("label %q is not valid", l)
		}
	}
}
