package project_test

import (
	"testing"

	"dangjian/internal/project"
)

func TestRollup(t *testing.T) {
	for _, tc := range []struct {
		name  string
		nodes []project.Node
		want  map[int64]int
	}{
		{"leaf", []project.Node{{ID: 1, Progress: 40}}, map[int64]int{1: 40}},
		{"mean", []project.Node{{ID: 1, Progress: 99}, {ID: 2, ParentID: 1, Progress: 0}, {ID: 3, ParentID: 1, Progress: 100}}, map[int64]int{1: 50, 2: 0, 3: 100}},
		{"weighted", []project.Node{{ID: 1}, {ID: 2, ParentID: 1, Weight: 3, Progress: 100}, {ID: 3, ParentID: 1, Progress: 0}}, map[int64]int{1: 75}},
		{"nested", []project.Node{{ID: 1}, {ID: 2, ParentID: 1}, {ID: 3, ParentID: 2, Progress: 60}, {ID: 4, ParentID: 2, Progress: 20}, {ID: 5, ParentID: 1, Progress: 100}},
			map[int64]int{1: 70, 2: 40}},
		{"rounds half up", []project.Node{{ID: 1}, {ID: 2, ParentID: 1, Progress: 1}, {ID: 3, ParentID: 1, Progress: 0}}, map[int64]int{1: 1}},
		{"parent outside the set", []project.Node{{ID: 2, ParentID: 9, Progress: 30}}, map[int64]int{2: 30}},
	} {
		got := project.Rollup(tc.nodes)
		for id, w := range tc.want {
			if got[id] != w {
				t.Errorf("%s: node %d = %d, want %d", tc.name, id, got[id], w)
			}
		}
	}
}

func TestCycles(t *testing.T) {
	// 1 ← 2 ← 3, 4 a root.
	parents := map[int64]int64{1: 0, 2: 1, 3: 2, 4: 0}
	for _, tc := range []struct {
		name          string
		id, newParent int64
		want          bool
	}{
		{"itself", 2, 2, true},
		{"its child", 1, 2, true},
		{"its grandchild", 1, 3, true},
		{"a root", 3, 4, false},
		{"its ancestor", 3, 1, false},
		{"no parent", 1, 0, false},
		{"a sibling tree", 4, 3, false},
	} {
		if got := project.Cycles(parents, tc.id, tc.newParent); got != tc.want {
			t.Errorf("%s: Cycles(%d, %d) = %v, want %v", tc.name, tc.id, tc.newParent, got, tc.want)
		}
	}
}

func TestDueForReview(t *testing.T) {
	for _, tc := range []struct {
		last string
		want bool
	}{{"", true}, {"2025-10-19", true}, {"2025-10-20", true}, {"2025-10-21", false}, {"2026-10-01", false}} {
		if got := project.DueForReview(tc.last, "2026-10-20"); got != tc.want {
			t.Errorf("DueForReview(%q) = %v, want %v", tc.last, got, tc.want)
		}
	}
}
