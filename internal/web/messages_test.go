package web_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"dangjian/internal/apperr"
	"dangjian/internal/i18n"
	"dangjian/internal/web"
)

// A message site is a place in the code that names a message key with the
// arguments it passes: an apperr error or problem with its With and
// OnField calls, an i18n.T, tr, i18nN or i18nf call, a template's t or
// tf.
type msgSite struct {
	pos   string
	key   string
	args  map[string]bool
	field string // the offending field, "" when none
}

var placeholder = regexp.MustCompile(`\{[a-z_]+\}`)

// TestMessagesFilled renders every message the code names, with the
// arguments it passes, through the error rendering of the API and the
// pages: no message may keep a {placeholder} or come out as its key.
func TestMessagesFilled(t *testing.T) {
	sites := scanMessageSites(t, filepath.Join("..", ".."))
	if len(sites) < 500 {
		t.Fatalf("found only %d message sites", len(sites))
	}
	var bad []string
	for _, s := range sites {
		if !i18n.Has(s.key) {
			bad = append(bad, s.pos+": "+s.key+" is not in the catalog")
			continue
		}
		args := map[string]any{}
		for a := range s.args {
			args[a] = "值"
		}
		for _, lang := range i18n.Locales {
			msg, _ := web.RenderError(lang, &apperr.Error{Code: apperr.Invalid, Key: s.key, Args: args, Field: s.field})
			_, probs := web.RenderError(lang, &apperr.Error{Code: apperr.Invalid, Key: "err.import.rows", Problems: []apperr.Problem{{Row: 2, Field: s.field, Key: s.key, Args: args}}})
			for _, m := range append([]string{msg}, probs...) {
				if p := placeholder.FindString(m); p != "" || m == s.key {
					bad = append(bad, s.pos+": "+s.key+" ("+lang+") renders as "+strconv.Quote(m))
				}
			}
			if s.field != "" && s.field != "?" && !s.args["field"] && strings.Contains(i18n.T(lang, s.key, nil), "{field}") && !i18n.Has("field."+s.field) {
				bad = append(bad, s.pos+": "+s.key+" names field "+s.field+", which has no field."+s.field+" label")
			}
		}
	}
	sort.Strings(bad)
	for _, b := range bad {
		t.Error(b)
	}
}

// The two catalogs hold the same placeholders in each message.
func TestCatalogPlaceholders(t *testing.T) {
	for _, k := range i18n.Keys("zh-CN") {
		zh, en := placeholders(i18n.T("zh-CN", k, nil)), placeholders(i18n.T("en", k, nil))
		if zh != en {
			t.Errorf("%s: zh-CN has %s, en has %s", k, zh, en)
		}
	}
}

func placeholders(s string) string {
	ps := placeholder.FindAllString(s, -1)
	sort.Strings(ps)
	return strings.Join(slices_Compact(ps), " ")
}

func slices_Compact(s []string) []string {
	var out []string
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// scanMessageSites parses every non-test Go file and template under root's
// internal/ and cmd/.
func scanMessageSites(t *testing.T, root string) []msgSite {
	t.Helper()
	var sites []msgSite
	fset := token.NewFileSet()
	for _, dir := range []string{"internal", "cmd"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			switch {
			case strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go"):
				f, err := parser.ParseFile(fset, path, nil, 0)
				if err != nil {
					return err
				}
				sites = append(sites, goSites(fset, f)...)
			case strings.HasSuffix(path, ".html"):
				b, err := os.ReadFile(path)
				if err != nil {
					return err
				}
				sites = append(sites, templateSites(path, string(b))...)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return sites
}

// goSites finds the message sites of a file.
func goSites(fset *token.FileSet, f *ast.File) []msgSite {
	parent := map[ast.Node]ast.Node{}
	var stack []ast.Node
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if len(stack) > 0 {
			parent[n] = stack[len(stack)-1]
		}
		stack = append(stack, n)
		return true
	})
	var out []msgSite
	ast.Inspect(f, func(n ast.Node) bool {
		var s msgSite
		var start ast.Node
		switch x := n.(type) {
		case *ast.CallExpr:
			name := callName(x.Fun)
			switch name {
			case "apperr.New":
				if len(x.Args) == 2 {
					s.key, start = lit(x.Args[1]), x
				}
			case "apperr.InvalidField":
				if len(x.Args) == 2 {
					s.key, s.field, start = lit(x.Args[1]), fieldOf(x.Args[0]), x
				}
			case "i18nf":
				if len(x.Args) >= 2 {
					s.key, s.args = lit(x.Args[1]), map[string]bool{}
					for i := 2; i < len(x.Args); i += 2 {
						if lit(x.Args[i]) == "" {
							return true
						}
						s.args[lit(x.Args[i])] = true
					}
				}
			case "i18n.T", "tr", "i18nN":
				if len(x.Args) >= 2 {
					s.key = lit(x.Args[1])
					s.args = map[string]bool{}
					if name == "i18nN" {
						s.args["n"] = true
					}
					if name == "i18n.T" && len(x.Args) == 3 {
						if !mapKeys(x.Args[2], s.args) {
							return true
						}
					}
				}
			}
		case *ast.CompositeLit:
			if tn := callName(x.Type); tn == "apperr.Error" || tn == "apperr.Problem" {
				s.args = map[string]bool{}
				for _, e := range x.Elts {
					kv, ok := e.(*ast.KeyValueExpr)
					if !ok {
						continue
					}
					switch callName(kv.Key) {
					case "Key":
						s.key = lit(kv.Value)
					case "Field":
						s.field = fieldOf(kv.Value)
					case "Args":
						if !mapKeys(kv.Value, s.args) {
							return true
						}
					}
				}
				start = x
			}
		}
		if s.key == "" {
			return true
		}
		if s.args == nil {
			s.args = map[string]bool{}
		}
		if start != nil && !chain(start, parent, &s) {
			return true
		}
		s.pos = fset.Position(n.Pos()).String()
		out = append(out, s)
		return true
	})
	return out
}

// chain follows .With and .OnField calls made on an error; false when the
// error goes somewhere the arguments cannot be followed (then it is not
// checked).
func chain(n ast.Node, parent map[ast.Node]ast.Node, s *msgSite) bool {
	for {
		p := parent[n]
		if u, ok := p.(*ast.UnaryExpr); ok && u.Op == token.AND {
			n, p = u, parent[u]
		}
		sel, ok := p.(*ast.SelectorExpr)
		if !ok || sel.X != n {
			return true
		}
		call, ok := parent[sel].(*ast.CallExpr)
		if !ok || call.Fun != sel {
			return true
		}
		switch sel.Sel.Name {
		case "With":
			if len(call.Args) != 2 || lit(call.Args[0]) == "" {
				return false
			}
			s.args[lit(call.Args[0])] = true
		case "OnField":
			s.field = fieldOf(call.Args[0])
		default:
			return true
		}
		n = call
	}
}

func callName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		if id, ok := x.X.(*ast.Ident); ok {
			return id.Name + "." + x.Sel.Name
		}
	}
	return ""
}

func lit(e ast.Expr) string {
	if b, ok := e.(*ast.BasicLit); ok && b.Kind == token.STRING {
		s, _ := strconv.Unquote(b.Value)
		return s
	}
	return ""
}

// fieldOf is a field name: the literal, or "?" for a field known only at
// run time (given, so that {field} is filled).
func fieldOf(e ast.Expr) string {
	if s := lit(e); s != "" {
		return s
	}
	return "?"
}

// mapKeys adds the keys of a map literal; false when e is not one (nil
// adds nothing).
func mapKeys(e ast.Expr, into map[string]bool) bool {
	if id, ok := e.(*ast.Ident); ok && id.Name == "nil" {
		return true
	}
	cl, ok := e.(*ast.CompositeLit)
	if !ok {
		return false
	}
	for _, el := range cl.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok || lit(kv.Key) == "" {
			return false
		}
		into[lit(kv.Key)] = true
	}
	return true
}

// Template calls: {{t .Lang "key"}} passes nothing, {{tf .Lang "key" "a" x
// "b" y}} passes a and b.
var (
	tmplT  = regexp.MustCompile(`[{(]\s*t\s+\S+\s+"([^"]+)"\s*[)}]`)
	tmplTf = regexp.MustCompile(`[{(]\s*tf\s+\S+\s+"([^"]+)"((?:\s+"[a-z_]+"\s+[^\s")}]+)*)\s*[)}]`)
	tmplA  = regexp.MustCompile(`"([a-z_]+)"\s+[^\s")}]+`)
)

func templateSites(path, src string) []msgSite {
	var out []msgSite
	line := func(off int) string { return path + ":" + strconv.Itoa(strings.Count(src[:off], "\n")+1) }
	for _, m := range tmplT.FindAllStringSubmatchIndex(src, -1) {
		out = append(out, msgSite{pos: line(m[0]), key: src[m[2]:m[3]], args: map[string]bool{}})
	}
	for _, m := range tmplTf.FindAllStringSubmatchIndex(src, -1) {
		s := msgSite{pos: line(m[0]), key: src[m[2]:m[3]], args: map[string]bool{}}
		for _, a := range tmplA.FindAllStringSubmatch(src[m[4]:m[5]], -1) {
			s.args[a[1]] = true
		}
		out = append(out, s)
	}
	return out
}
