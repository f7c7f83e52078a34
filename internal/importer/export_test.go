package importer

// BulkMinRows lets tests lower the size at which an import rebuilds the
// people indexes.
var BulkMinRows = &bulkMinRows
