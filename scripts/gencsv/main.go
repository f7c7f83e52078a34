// Command gencsv writes a people import file for benchmarks: N rows of
// plausible residents and members spread over Sanya's 150 villages and
// communities (shipped area codes), with valid, unique ID numbers and
// phones. Orgs are left empty so the file imports into a fresh database.
//
//	go run ./scripts/gencsv -rows 1000000 -out people.csv
package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"

	"dangjian/data"
	"dangjian/internal/importer"
	"dangjian/internal/pii"
)

func main() {
	rows := flag.Int("rows", 1_000_000, "data rows")
	out := flag.String("out", "people.csv", "output file")
	flag.Parse()
	recs, err := csv.NewReader(bytes.NewReader(data.VillagesCSV)).ReadAll()
	if err != nil {
		log.Fatal(err)
	}
	var areas []string
	for _, r := range recs[1:] {
		areas = append(areas, r[0])
	}
	if *rows > 28*12*60*1000 {
		log.Fatal("at most 20,160,000 rows")
	}
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	w := csv.NewWriter(bw)
	var header []string
	for _, c := range importer.Columns(importer.People) {
		header = append(header, c.Header)
	}
	w.Write(header)
	rng := rand.New(rand.NewPCG(2026, 1))
	surnames := []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐符吉黎")
	given := []rune("伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰海峰云")
	for i := 0; i < *rows; i++ {
		// Mixed radix over day, month, year and sequence: unique up to 20M rows.
		first := fmt.Sprintf("460200%04d%02d%02d%03d", 1940+(i/(28*12))%60, 1+(i/28)%12, 1+i%28, i/(28*12*60))
		id := first + string(pii.IDCheckChar(first))
		name := string(surnames[rng.IntN(len(surnames))]) + string(given[rng.IntN(len(given))])
		if rng.IntN(2) == 0 {
			name += string(given[rng.IntN(len(given))])
		}
		row := make([]string, len(header))
		for j, c := range importer.Columns(importer.People) {
			switch c.Key {
			case "name":
				row[j] = name
			case "id_number":
				row[j] = id
			case "phone":
				row[j] = fmt.Sprintf("139%08d", i)
			case "status":
				row[j] = "群众"
			case "area_code":
				row[j] = areas[i%len(areas)]
			case "tags":
				row[j] = "居民"
			}
		}
		w.Write(row)
	}
	w.Flush()
	if err := bw.Flush(); err != nil {
		log.Fatal(err)
	}
	f.Close()
	fmt.Printf("wrote %d rows to %s\n", *rows, *out)
}
