package web_test

import (
	"testing"

	"dangjian/internal/web"
)

// redirectCases are redirect targets from input and where they may lead.
var redirectCases = []struct{ in, want string }{
	{"/people", "/people"},
	{"/people?q=%E6%9D%8E&page=2", "/people?q=%E6%9D%8E&page=2"},
	{"/orgs/3#members", "/orgs/3#members"},
	{"", "/"},
	{"people", "/"},
	{"//evil.example", "/"},
	{"///evil.example", "/"},
	{`/\evil.example`, "/"},
	{`\\evil.example`, "/"},
	{`\/evil.example`, "/"},
	{"/\t/evil.example", "/"},
	{"/%09/evil.example", "/"},
	{"/\r\n/evil.example", "/"},
	{"/%0d%0a/evil.example", "/"},
	{"/\x00/evil.example", "/"},
	{"/%00/evil.example", "/"},
	{"/\u0085/evil.example", "/"},
	{"/%2F/evil.example", "/"},
	{"/%2f%2fevil.example", "/"},
	{"%2F%2Fevil.example", "/"},
	{"/%5Cevil.example", "/"},
	{"/%5c%5cevil.example", "/"},
	{"/%252F/evil.example", "/"},
	{"/%25252F/evil.example", "/"},
	{"https://evil.example", "/"},
	{"http:/evil.example", "/"},
	{"javascript:alert(1)", "/"},
	{"/javascript:alert(1)", "/javascript:alert(1)"},
	{"//user@evil.example/", "/"},
	{" /people", "/"},
	{"/%zz", "/"},
	{`/a\b`, "/a/b"},
}

func TestLocalPathRefusesOtherHosts(t *testing.T) {
	for _, c := range redirectCases {
		if got := web.LocalPath(c.in); got != c.want {
			t.Errorf("localPath(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
