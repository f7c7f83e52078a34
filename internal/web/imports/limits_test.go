package imports_test

import (
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// Through the API and the job page, a file that breaks the limits ends
// as a failed job with translated, clipped messages, and a good one
// counts its rows once.
func TestImportJobMessages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		jy := e.Login("jiyang")
		header := strings.Repeat("列", 10000) // a 30 KB unknown header cell
		r := jy.Do("POST", "/api/v1/imports/people", webtest.FileUpload(t, nil, "h.csv", []byte(header+"\nx\n")))
		body := e.WaitJob(t, jy, r)
		if !strings.Contains(body, `"status":"failed"`) || !strings.Contains(body, "无法识别的列") || strings.Contains(body, strings.Repeat("列", 100)) || len(body) > 2000 {
			t.Errorf("unknown column job: %.600s", body)
		}
		line := "姓名,政治面貌,所在区域编码\n" + "x," + strings.Repeat("a", 40<<10) + "\n"
		body = e.WaitJob(t, jy, jy.Do("POST", "/api/v1/imports/people", webtest.FileUpload(t, nil, "c.csv", []byte(line))))
		if !strings.Contains(body, `"status":"failed"`) || !strings.Contains(body, "第2行：单元格内容超过 32 KB 的上限") {
			t.Errorf("big cell job: %.600s", body)
		}
		good := "姓名,政治面貌,所在区域编码\nJY甲,群众," + e.W.Jiyang.Village.Code + "\nJY乙,群众," + e.W.Jiyang.Village.Code + "\n"
		body = e.WaitJob(t, jy, jy.Do("POST", "/api/v1/imports/people", webtest.FileUpload(t, nil, "g.csv", []byte(good))))
		if !strings.Contains(body, `"status":"done"`) || !strings.Contains(body, `"total":2`) || !strings.Contains(body, `"done":2`) {
			t.Errorf("good job: %.600s", body)
		}
	})
}
