package rankbench

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	bleve "github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"dangjian/internal/talent"
	"dangjian/internal/talent/talentgen"
)

// bleveVersion names the mapping and document layout; change it when they
// change, so cached indexes are rebuilt.
const bleveVersion = "bleve-v2.6.3-cjk-bm25-1"

// bleveBatch is the number of documents per Bleve batch.
const bleveBatch = 10000

// bleveDoc is what Bleve indexes of a talent: the same text our index
// sees plus the names and synonyms of the talent's registered skills (the
// taxonomy's knowledge, which our ranker uses through skill codes), the
// status, and up to two stays as numeric day ranges (a talent has one or
// two; an unused pair is 0, 0 and matches no date range).
type bleveDoc struct {
	Text   string  `json:"text"`
	Status string  `json:"status"`
	A0     float64 `json:"a0"`
	B0     float64 `json:"b0"`
	A1     float64 `json:"a1"`
	B1     float64 `json:"b1"`
}

func (c *Corpus) bleveDoc(t *talentgen.Talent) bleveDoc {
	var b strings.Builder
	b.WriteString(t.Doc.Text)
	for _, code := range t.Doc.Skills {
		if s, ok := c.Tax.Get(code); ok {
			b.WriteString(" ")
			b.WriteString(s.Name)
			for _, syn := range s.Synonyms {
				b.WriteString(" ")
				b.WriteString(syn)
			}
		}
	}
	d := bleveDoc{Text: b.String(), Status: string(t.Doc.Status)}
	for i, s := range t.Doc.Stays[:min(2, len(t.Doc.Stays))] {
		a, _ := talent.ParseDay(s.Start)
		e, _ := talent.ParseDay(s.End)
		if i == 0 {
			d.A0, d.B0 = float64(a), float64(e)
		} else {
			d.A1, d.B1 = float64(a), float64(e)
		}
	}
	return d
}

func bleveMapping() mapping.IndexMapping {
	im := bleve.NewIndexMapping()
	im.DefaultAnalyzer = cjk.AnalyzerName
	im.ScoringModel = index.BM25Scoring
	im.StoreDynamic, im.IndexDynamic, im.DocValuesDynamic = false, false, false
	dm := bleve.NewDocumentStaticMapping()
	txt := bleve.NewTextFieldMapping()
	txt.Analyzer = cjk.AnalyzerName
	txt.Store, txt.IncludeTermVectors, txt.IncludeInAll, txt.DocValues = false, false, false, false
	dm.AddFieldMappingsAt("text", txt)
	kw := bleve.NewKeywordFieldMapping()
	kw.Store, kw.IncludeInAll, kw.DocValues = false, false, false
	dm.AddFieldMappingsAt("status", kw)
	for _, f := range []string{"a0", "b0", "a1", "b1"} {
		num := bleve.NewNumericFieldMapping()
		num.Store, num.IncludeInAll, num.DocValues = false, false, false
		dm.AddFieldMappingsAt(f, num)
	}
	im.DefaultMapping = dm
	return im
}

// Bleve is a Bleve index over a corpus, opened read-only.
type Bleve struct {
	Index     bleve.Index
	Path      string
	Built     bool          // built now rather than found in the cache
	BuildTime time.Duration // indexing and merging, when built now
	DiskBytes int64
	tax       *talent.Taxonomy
}

// BleveDir is where built Bleve indexes are cached: $RANKBENCH_DIR, or
// dangjian-rankbench in the temp directory.
func BleveDir() string {
	if d := os.Getenv("RANKBENCH_DIR"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "dangjian-rankbench")
}

// bleveKey names a corpus's index: its size, seed and a hash of every
// document, so a changed generator never reuses a stale index.
func (c *Corpus) bleveKey() string {
	h := sha256.New()
	h.Write([]byte(bleveVersion))
	var num [8]byte
	for i := range c.Talents {
		d := c.bleveDoc(&c.Talents[i])
		h.Write([]byte(d.Text))
		h.Write([]byte(d.Status))
		for _, x := range []float64{d.A0, d.B0, d.A1, d.B1} {
			binary.LittleEndian.PutUint64(num[:], uint64(x))
			h.Write(num[:])
		}
	}
	return fmt.Sprintf("bleve-n%d-s%d-%s", len(c.Talents), c.Seed, hex.EncodeToString(h.Sum(nil)[:6]))
}

// OpenBleve opens the corpus's Bleve index from the cache in dir, building
// it there first if it is missing. It needs the corpus's talents.
func (c *Corpus) OpenBleve(dir string) (*Bleve, error) {
	if c.Talents == nil {
		return nil, fmt.Errorf("rankbench: corpus talents dropped")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	b := &Bleve{Path: filepath.Join(dir, c.bleveKey()), tax: c.Tax}
	if _, err := os.Stat(filepath.Join(b.Path, "index_meta.json")); err != nil {
		t0 := time.Now()
		if err := c.buildBleve(b.Path); err != nil {
			return nil, err
		}
		b.Built, b.BuildTime = true, time.Since(t0)
	}
	idx, err := bleve.OpenUsing(b.Path, map[string]interface{}{"read_only": true})
	if err != nil {
		return nil, err
	}
	if n, err := idx.DocCount(); err != nil || n != uint64(len(c.Talents)) {
		idx.Close()
		return nil, fmt.Errorf("rankbench: bleve index %s holds %d documents, want %d (%v)", b.Path, n, len(c.Talents), err)
	}
	b.Index = idx
	b.DiskBytes = dirSize(b.Path)
	return b, nil
}

// buildBleve indexes the corpus with scorch in batches, merges it into one
// segment (Bleve's fastest shape to search), and moves it into place.
func (c *Corpus) buildBleve(path string) error {
	tmp := fmt.Sprintf("%s.tmp-%d-%d", path, os.Getpid(), time.Now().UnixNano())
	idx, err := bleve.NewUsing(tmp, bleveMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	batch := idx.NewBatch()
	for i := range c.Talents {
		t := &c.Talents[i]
		if err := batch.Index(strconv.FormatInt(t.Doc.ID, 10), c.bleveDoc(t)); err != nil {
			idx.Close()
			return err
		}
		if batch.Size() == bleveBatch || i == len(c.Talents)-1 {
			if err := idx.Batch(batch); err != nil {
				idx.Close()
				return err
			}
			batch.Reset()
		}
	}
	adv, err := idx.Advanced()
	if err == nil {
		if s, ok := adv.(*scorch.Scorch); ok {
			err = s.ForceMerge(context.Background(), &mergeplan.SingleSegmentMergePlanOptions)
		}
	}
	if cerr := idx.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		if _, statErr := os.Stat(filepath.Join(path, "index_meta.json")); statErr == nil {
			return nil // another run built it first
		}
		return err
	}
	return nil
}

// Close closes the index.
func (b *Bleve) Close() error { return b.Index.Close() }

// Query is the Bleve query for a demand: a match query (CJK analyzer, OR
// of the bigrams) over the demand's title and body plus the names of its
// required and optional skills, filtered without scoring to verified
// talents with a stay that overlaps the demand's dates.
func (b *Bleve) Query(d talentgen.Demand) query.Query {
	var sb strings.Builder
	sb.WriteString(d.Query.Text)
	for _, code := range append(append([]string{}, d.Query.Required...), d.Query.Optional...) {
		if s, ok := b.tax.Get(code); ok {
			sb.WriteString(" ")
			sb.WriteString(s.Name)
		}
	}
	mq := bleve.NewMatchQuery(sb.String())
	mq.SetField("text")
	mq.Analyzer = cjk.AnalyzerName

	start, end := float64(d.Query.Start), float64(d.Query.End)
	yes := true
	overlap := func(a, e string) query.Query {
		qa := bleve.NewNumericRangeInclusiveQuery(nil, &end, nil, &yes)
		qa.SetField(a)
		qe := bleve.NewNumericRangeInclusiveQuery(&start, nil, &yes, nil)
		qe.SetField(e)
		return bleve.NewConjunctionQuery(qa, qe)
	}
	verified := bleve.NewTermQuery(string(talent.Verified))
	verified.SetField("status")

	bq := bleve.NewBooleanQuery()
	bq.AddMust(mq)
	bq.AddFilter(bleve.NewConjunctionQuery(verified, bleve.NewDisjunctionQuery(overlap("a0", "b0"), overlap("a1", "b1"))))
	return bq
}

// Search returns the k best talent ids for a demand.
func (b *Bleve) Search(d talentgen.Demand, k int) ([]int64, error) {
	res, err := b.Index.Search(bleve.NewSearchRequestOptions(b.Query(d), k, 0, false))
	if err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(res.Hits))
	for _, h := range res.Hits {
		id, err := strconv.ParseInt(h.ID, 10, 64)
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			if fi, err := e.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}
