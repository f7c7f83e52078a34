package kit

// ChartData is one chart of a report page, encoded as JSON for the page's
// chart script: its title, its categories (the x axis) and its series.
type ChartData struct {
	Title      string        `json:"title"`
	Categories []string      `json:"categories"`
	Series     []ChartSeries `json:"series"`
}

// ChartSeries is one series of a chart; Type is the chart type ("line")
// or empty for the default (bars).
type ChartSeries struct {
	Name string    `json:"name"`
	Type string    `json:"type,omitempty"`
	Data []float64 `json:"data"`
}
