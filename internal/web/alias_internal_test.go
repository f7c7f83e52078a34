package web

import registryweb "dangjian/internal/web/registry"

// unitInput is the registry module's unit body, which the JSON decoder's
// fuzz test embeds.
type unitInput = registryweb.UnitInput
