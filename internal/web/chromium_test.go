package web_test

import (
	"dangjian/internal/web/webtest"
	"errors"
	"testing"
)

func TestFindChromium(t *testing.T) {
	for _, c := range []struct {
		name    string
		on      map[string]string // name → path that look finds
		want    string
		wantErr bool
	}{
		{"debian", map[string]string{"chromium": "/usr/bin/chromium"}, "/usr/bin/chromium", false},
		{"ubuntu", map[string]string{"chromium-browser": "/snap/bin/chromium-browser"}, "/snap/bin/chromium-browser", false},
		{"google", map[string]string{"google-chrome": "/opt/google/chrome"}, "/opt/google/chrome", false},
		{"chromium first", map[string]string{"google-chrome": "/g", "chromium-browser": "/cb", "chromium": "/c"}, "/c", false},
		{"chromium-browser before chrome", map[string]string{"google-chrome": "/g", "chromium-browser": "/cb"}, "/cb", false},
		{"none", map[string]string{"firefox": "/usr/bin/firefox"}, "", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := webtest.FindChromium(func(name string) (string, error) {
				if p, ok := c.on[name]; ok {
					return p, nil
				}
				return "", errors.New("not found")
			})
			if (err != nil) != c.wantErr || got != c.want {
				t.Errorf("findChromium = %q, %v; want %q, error %v", got, err, c.want, c.wantErr)
			}
		})
	}
}
