// Command shots takes screenshots of pages as their users see them, on a
// 390×844 phone and a 1440×900 desktop, against a running demo server on
// loopback: shots -base http://127.0.0.1:18490 -out /tmp/shots
// It signs in as the given account through the login form first (when
// -user is set) and saves one PNG per page and size.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

func main() {
	base := flag.String("base", "http://127.0.0.1:18490", "the server (loopback)")
	out := flag.String("out", "/tmp/shots", "folder for the PNGs")
	user := flag.String("user", "", "account to sign in as (empty: anonymous)")
	password := flag.String("password", "Sanya@2026demo", "its password")
	flag.Parse()
	paths := flag.Args()
	if !strings.HasPrefix(*base, "http://127.0.0.1") && !strings.HasPrefix(*base, "http://localhost") {
		fmt.Fprintln(os.Stderr, "shots: loopback only")
		os.Exit(2)
	}
	os.MkdirAll(*out, 0o755)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.NoSandbox, chromedp.Flag("headless", true))
	if p, err := findChromium(); err == nil {
		opts = append(opts, chromedp.ExecPath(p))
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	if *user != "" {
		err := chromedp.Do(ctx, chromedp.Navigate(*base+"/login"),
			chromedp.SendKeys(`input[name=username]`, *user), chromedp.SendKeys(`input[name=password]`, *password),
			chromedp.Click(`button[type=submit], form button`), chromedp.Sleep(1500*time.Millisecond))
		if err != nil {
			fmt.Fprintln(os.Stderr, "login:", err)
			os.Exit(1)
		}
	}
	for _, p := range paths {
		for _, size := range []struct {
			name string
			w, h int64
		}{{"phone", 390, 844}, {"desk", 1440, 900}} {
			err := chromedp.Do(ctx, chromedp.EmulateViewport(size.w, size.h), chromedp.Navigate(*base+p), chromedp.Sleep(1200*time.Millisecond))
			var buf []byte
			if err == nil {
				buf, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
			}
			if err != nil {
				fmt.Fprintln(os.Stderr, p, err)
				continue
			}
			name := strings.Trim(strings.NewReplacer("/", "-", "?", "_", "=", "-", "&", "_").Replace(p), "-")
			if name == "" {
				name = "home"
			}
			f := filepath.Join(*out, fmt.Sprintf("%s-%s-%s.png", *user, name, size.name))
			os.WriteFile(f, buf, 0o644)
			fmt.Println(f)
		}
	}
}

func findChromium() (string, error) {
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", os.ErrNotExist
}
