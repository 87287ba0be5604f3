package activities

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/gcexport/gcexport/export"
)

// writeEntity checks, counts and writes one listed entity. An entity the
// exporter cannot keep (no string id, invalid UTF-8, nested too deep, a
// reference field of the wrong JSON type) is reported as invalid. So is
// one whose handling panics, and the rest of the page goes on either way.
func (j *pageJob) writeEntity(ctx context.Context, index int, raw json.RawMessage, done map[string]bool) (err error) {
	problemID, counted := "", false
	defer func() {
		recovered := recover()
		if recovered == nil {
			return
		}
		j.a.logger().Error("panic while exporting an object, reported as invalid",
			"type", j.in.Type, "partition", j.in.Partition, "page", j.in.Page, "entity", index,
			"id", problemID, "panic", recovered, "stack", string(debug.Stack()))
		if problemID == "" {
			problemID = entityLabel(raw, j.typ.IDField, j.in.Page, index)
		}
		if !counted {
			j.res.Listed++
		}
		j.problem(export.ProblemInvalid, problemID, fmt.Sprintf(
			"entity %d of page %d: the exporter failed on this object (panic: %v); the rest of the page was exported",
			index, j.in.Page, recovered))
		err = nil
	}()

	id, entryID, err := j.objectID(raw)
	if err != nil {
		j.res.Listed++
		j.problem(export.ProblemInvalid, entityLabel(raw, j.typ.IDField, j.in.Page, index),
			fmt.Sprintf("entity %d of page %d: %v", index, j.in.Page, err))
		return nil
	}
	problemID = id
	if !j.keep(raw) {
		return nil
	}
	if !j.claim(id) {
		return nil
	}
	j.res.Listed++
	counted = true
	if hook := j.a.BeforeObject; hook != nil {
		hook(j.in.Type, id, raw)
	}
	if done[id] {
		j.res.Objects++
		return nil
	}
	if err := j.checkEntity(raw); err != nil {
		j.problem(export.ProblemInvalid, id, fmt.Sprintf("%s %s: %v", j.in.Type, id, err))
		return nil
	}
	if j.typ.GetEach {
		full, keep, err := j.getOne(ctx, id, entryID)
		if err != nil {
			return err
		}
		if !keep {
			return nil
		}
		if err := j.checkEntity(full); err != nil {
			j.problem(export.ProblemInvalid, id, fmt.Sprintf("%s %s as read by id: %v", j.in.Type, id, err))
			return nil
		}
		raw = full
	}
	if err := j.dir.WriteObject(j.in.ExportID, j.in.Type, id, raw); err != nil {
		j.problem(export.ProblemInvalid, id, err.Error())
		return nil
	}
	j.res.Objects++
	j.noteDivisions(raw)
	if j.typ.GetEach {
		j.hb.update(func(s *progressState) { s.Done = append(s.Done, id) })
	}
	return nil
}

// entityLabel names an entity that has no usable id in problems: the JSON
// text of its id field when it has one of another type, else its place.
func entityLabel(raw json.RawMessage, idField string, page, index int) string {
	if idField == "" {
		idField = "id"
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) == nil {
		if v, ok := fields[idField]; ok && len(bytes.TrimSpace(v)) > 0 && len(v) <= 200 {
			return fmt.Sprintf("%s=%s", idField, bytes.TrimSpace(v))
		}
	}
	return fmt.Sprintf("page %d entity %d", page, index)
}

// checkEntity returns why the backup cannot keep an object as the API
// returned it: what the client's CheckObject rejects, or a reference field
// whose JSON type is not the string id the catalogue expects there.
func (j *pageJob) checkEntity(raw json.RawMessage) error {
	if j.a.Client != nil {
		if err := j.a.Client.CheckObject(raw); err != nil {
			return err
		}
	}
	var obj any
	if err := json.Unmarshal(raw, &obj); err != nil {
		return fmt.Errorf("not valid JSON: %w", err)
	}
	for _, ref := range j.typ.Refs {
		// A SchemaURI reference finds ids inside a JSON Schema document,
		// not in a string field.
		if ref.SchemaURI != "" || strings.ContainsAny(ref.Path, "/{") {
			continue
		}
		if problem := wrongReferenceType(obj, strings.Split(ref.Path, "."), ""); problem != "" {
			return fmt.Errorf("reference field %s to %s: %s", ref.Path, ref.To, problem)
		}
	}
	return nil
}

// wrongReferenceType walks a reference path ("division.id", "skills[].id",
// "*") through v and describes the first value whose JSON type does not fit
// it, or returns "". Missing fields and nulls fit: not every object sets
// every reference.
func wrongReferenceType(v any, segments []string, at string) string {
	if v == nil {
		return ""
	}
	if len(segments) == 0 {
		if _, ok := v.(string); ok {
			return ""
		}
		return fmt.Sprintf("%s is a JSON %s, not a string id", at, jsonKind(v))
	}
	obj, ok := v.(map[string]any)
	if !ok {
		where := at
		if where == "" {
			where = "the object"
		}
		return fmt.Sprintf("%s is a JSON %s, not an object", where, jsonKind(v))
	}
	segment, rest := segments[0], segments[1:]
	if segment == "*" {
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if problem := wrongReferenceType(obj[k], rest, join(at, k)); problem != "" {
				return problem
			}
		}
		return ""
	}
	field, each := strings.CutSuffix(segment, "[]")
	child, present := obj[field]
	if !present || child == nil {
		return ""
	}
	if !each {
		return wrongReferenceType(child, rest, join(at, field))
	}
	items, ok := child.([]any)
	if !ok {
		return fmt.Sprintf("%s is a JSON %s, not an array", join(at, field), jsonKind(child))
	}
	for i, item := range items {
		if problem := wrongReferenceType(item, rest, fmt.Sprintf("%s[%d]", join(at, field), i)); problem != "" {
			return problem
		}
	}
	return ""
}

func join(at, field string) string {
	if at == "" {
		return field
	}
	return at + "." + field
}

func jsonKind(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case bool:
		return "boolean"
	case float64, json.Number:
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	default:
		return fmt.Sprintf("%T", v)
	}
}
