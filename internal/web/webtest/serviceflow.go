package webtest

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// ServiceFlow is the shared state of a chromium run over the service
// fixture world: the server, its fixtures and the two tabs. The service
// and coverage browser tests wrap it with their own steps.
type ServiceFlow struct {
	T           *testing.T
	E           *Env
	Sv          *ServiceWorld
	Phone, Desk Tab
}

// U is the server's URL of path.
func (f *ServiceFlow) U(path string) string { return f.E.Srv.URL + path }

// Count runs a COUNT query and fails the test on an error.
func (f *ServiceFlow) Count(q string, args ...any) int {
	f.T.Helper()
	var n int
	if err := f.E.S.DB.Read().QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		f.T.Fatalf("%s: %v", q, err)
	}
	return n
}

// Login signs in through the login page and waits for the landing page.
func (f *ServiceFlow) Login(b Tab, username, landing string) {
	f.T.Helper()
	b.Run("login "+username,
		chromedp.Navigate(f.U("/lang/zh-CN")),
		chromedp.Navigate(f.U("/login")),
		chromedp.WaitVisible(chromedp.CSS(`input[name=username]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=username]`), username),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), TestPassword),
		chromedp.Click(chromedp.CSS(`#login`)),
	)
	b.Until("landed on "+landing, fmt.Sprintf(`location.pathname === %q && document.readyState === 'complete'`, landing))
	b.Translated(landing)
}
