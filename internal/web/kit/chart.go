package kit

// ChartData is a chart as the page's script draws it (JSON in a data
// attribute): a title, the categories of the x axis and the series.
type ChartData struct {
	Title      string        `json:"title"`
	Categories []string      `json:"categories"`
	Series     []ChartSeries `json:"series"`
}

// ChartSeries is one series of a chart; Type is bar (the default) or line.
type ChartSeries struct {
	Name string    `json:"name"`
	Type string    `json:"type,omitempty"`
	Data []float64 `json:"data"`
}
