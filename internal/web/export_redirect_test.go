package web

// LocalPath exposes localPath to the external tests.
var LocalPath = localPath
