package main

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"mime/multipart"
	"os"
	"strconv"
	"strings"
	"time"
)

func opsChecks() []check {
	return []check{
		{3, "import zip bombs: memory and stuck jobs", false, checkBombs},
	}
}

func multipartFile(field, name string, data []byte, fields map[string]string) (io.Reader, string) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	fw, _ := w.CreateFormFile(field, name)
	fw.Write(data)
	w.Close()
	return &b, w.FormDataContentType()
}

// xlsxBomb writes a workbook whose one sheet is written by sheet.
func xlsxBomb(sheet func(w io.Writer)) []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	z.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestCompression) })
	put := func(name, s string) {
		f, _ := z.Create(name)
		io.WriteString(f, s)
	}
	put("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`)
	put("_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	put("xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	put("xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)
	f, _ := z.Create("xl/worksheets/sheet1.xml")
	io.WriteString(f, `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	sheet(f)
	io.WriteString(f, `</sheetData></worksheet>`)
	z.Close()
	return b.Bytes()
}

// bombCell: one inline-string cell of 1 GiB.
func bombCell() []byte {
	return xlsxBomb(func(w io.Writer) {
		io.WriteString(w, `<row r="1"><c r="A1" t="inlineStr"><is><t>`)
		chunk := []byte(strings.Repeat("A", 1<<20))
		for i := 0; i < 1024; i++ {
			w.Write(chunk)
		}
		io.WriteString(w, `</t></is></c></row>`)
	})
}

// bombRows: 1.5 GB of small rows.
func bombRows() []byte {
	return xlsxBomb(func(w io.Writer) {
		var b strings.Builder
		for i := 1; b.Len() < 1<<20; i++ {
			b.WriteString(`<row><c t="inlineStr"><is><t>姓名</t></is></c><c t="inlineStr"><is><t>x</t></is></c></row>`)
		}
		chunk := []byte(b.String())
		for n := 0; n < 1500; n++ {
			w.Write(chunk)
		}
	})
}

// peakRSS is the server's peak resident memory in MiB (VmHWM), or -1.
func peakRSS(pid int) int {
	if pid == 0 {
		return -1
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			kb, _ := strconv.Atoi(strings.Fields(l)[1])
			return kb / 1024
		}
	}
	return -1
}

// checkBombs uploads both bombs as the administrator: each import ends
// failed within a minute with a message, and the server's peak memory
// grows by less than 512 MiB.
func checkBombs(e *env, r *result) {
	a, err := e.staff("admin")
	if err != nil {
		r.err = err
		return
	}
	before := peakRSS(e.pid)
	for _, b := range []struct {
		name string
		data []byte
	}{{"cell", bombCell()}, {"rows", bombRows()}} {
		body, ct := multipartFile("file", "bomb-"+b.name+".xlsx", b.data, nil)
		res, err := a.do("POST", "/api/v1/imports/people", body, map[string]string{"Content-Type": ct})
		if err != nil {
			r.err = err
			return
		}
		r.try()
		if res.Status >= 400 {
			if l := leak(res.Body); l != "" {
				r.find("the %s bomb's refusal leaks %q", b.name, l)
			}
			continue // refused at once: fine
		}
		var job map[string]any
		if err := res.json(&job); err != nil {
			r.err = fmt.Errorf("import answer: %v %.100s", err, res.Body)
			return
		}
		id := fmt.Sprint(job["id"])
		status := ""
		for t0 := time.Now(); time.Since(t0) < 60*time.Second; time.Sleep(500 * time.Millisecond) {
			jr, err := a.get("/api/v1/imports/" + id)
			if err != nil {
				r.err = err
				return
			}
			jr.json(&job)
			if status = fmt.Sprint(job["status"]); status != "running" && status != "queued" && status != "pending" {
				break
			}
		}
		r.expect(status == "failed", "the %s bomb's import %s ended %q (%d bytes uploaded)", b.name, id, status, len(b.data))
	}
	if after := peakRSS(e.pid); before >= 0 {
		r.expect(after-before < 512, "the server's peak memory grew from %d to %d MiB", before, after)
	}
}
