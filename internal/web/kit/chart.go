package kit

// Chart is a chart's data as the page's chart script reads it (JSON).
type Chart struct {
	Title      string        `json:"title"`
	Categories []string      `json:"categories"`
	Series     []ChartSeries `json:"series"`
}

// ChartSeries is one series of a chart; Type is "bar" or "line".
type ChartSeries struct {
	Name string    `json:"name"`
	Type string    `json:"type,omitempty"`
	Data []float64 `json:"data"`
}
