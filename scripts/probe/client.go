package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"time"
)

// client is one visitor: a cookie jar, a CSRF token once signed in, and a
// loopback source address of its own, so that per-address limits of one
// check do not spill into another.
type client struct {
	base string
	hc   *http.Client
	csrf string
}

// newClient returns a visitor sending from 127.0.0.src. Only loopback
// addresses are ever used: the base URL was checked in main.
func newClient(base string, src int) *client {
	jar, _ := cookiejar.New(nil)
	d := &net.Dialer{Timeout: 5 * time.Second, LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, byte(src/250), byte(1+src%250))}}
	if src == 0 {
		d.LocalAddr = nil
	}
	tr := &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 4}
	return &client{base: base, hc: &http.Client{
		Jar: jar, Transport: tr, Timeout: 60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// resp is an answer read whole (bodies are capped at 64 MiB).
type resp struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r resp) text() string { return string(r.Body) }

// json decodes the body into v; a body that is not JSON is an error.
func (r resp) json(v any) error { return json.Unmarshal(r.Body, v) }

func (c *client) do(method, path string, body io.Reader, hdr map[string]string) (resp, error) {
	req, err := http.NewRequestWithContext(context.Background(), method, c.base+path, body)
	if err != nil {
		return resp{}, err
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	if c.csrf != "" && req.Header.Get("X-CSRF-Token") == "" && method != http.MethodGet {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	res, err := c.hc.Do(req)
	if err != nil {
		return resp{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(io.LimitReader(res.Body, 64<<20))
	return resp{Status: res.StatusCode, Header: res.Header, Body: b}, err
}

// raw sends one request straight through the transport, so that a
// Location header the client would refuse to parse is still seen.
func (c *client) raw(method, path string, body io.Reader, hdr map[string]string) (resp, error) {
	req, err := http.NewRequestWithContext(context.Background(), method, c.base+path, body)
	if err != nil {
		return resp{}, err
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	for _, ck := range c.hc.Jar.Cookies(req.URL) {
		req.AddCookie(ck)
	}
	res, err := c.hc.Transport.RoundTrip(req)
	if err != nil {
		return resp{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	return resp{Status: res.StatusCode, Header: res.Header, Body: b}, err
}

func (c *client) get(path string) (resp, error) { return c.do("GET", path, nil, nil) }

// postJSON sends v as a JSON body.
func (c *client) postJSON(method, path string, v any) (resp, error) {
	return c.sendJSON(method, path, v, nil)
}

// postJSONHeader POSTs v as JSON with extra headers (a proof of work).
func (c *client) postJSONHeader(path string, v any, hdr map[string]string) (resp, error) {
	return c.sendJSON("POST", path, v, hdr)
}

func (c *client) sendJSON(method, path string, v any, extra map[string]string) (resp, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return resp{}, err
	}
	hdr := map[string]string{"Content-Type": "application/json"}
	for k, x := range extra {
		hdr[k] = x
	}
	return c.do(method, path, bytes.NewReader(b), hdr)
}

// postForm sends an urlencoded form; raw is appended as it is (for bytes
// that url.Values would escape differently).
func (c *client) postForm(path string, v url.Values, raw string) (resp, error) {
	s := v.Encode()
	if raw != "" {
		if s != "" {
			s += "&"
		}
		s += raw
	}
	return c.do("POST", path, strings.NewReader(s), map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
}

// login signs in through the JSON API and keeps the CSRF token.
func (c *client) login(user, password string) error {
	r, err := c.postJSON("POST", "/api/v1/session", map[string]string{"username": user, "password": password})
	if err != nil {
		return err
	}
	if r.Status != http.StatusOK {
		return fmt.Errorf("login %s: status %d: %.200s", user, r.Status, r.Body)
	}
	var out struct {
		CSRF string `json:"csrf_token"`
	}
	if err := r.json(&out); err != nil || out.CSRF == "" {
		return fmt.Errorf("login %s: no csrf token", user)
	}
	c.csrf = out.CSRF
	return nil
}

// loopbackOnly refuses a base URL whose host is not a loopback address.
func loopbackOnly(base string) error {
	u, err := url.Parse(base)
	if err != nil {
		return err
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("probe: %s is not a loopback address; the probe only talks to this machine", host)
	}
	return nil
}
