// Package data embeds the real Sanya data that ships with the product (see
// NOTICE for sources and licences).
package data

import _ "embed"

//go:embed sanya-villages.csv
var VillagesCSV []byte

//go:embed sanya-districts.geojson
var DistrictsGeoJSON []byte
