package webtest

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"

	"dangjian/internal/app"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/declaration"
	"dangjian/internal/person"
	"dangjian/internal/testfix"
)

// declarationWorld is the self-declaration fixture of the web tests: a
// pocket member claiming 吉阳's first branch, a mobile member living in a
// 吉阳 village, and a pocket member claiming 海棠's first branch.
type DeclarationWorld struct {
	Jy, JyMobile, Ht declaration.Declaration
}

// declarationSecrets are the fixture's unmasked ID and phone numbers: no
// page may show them.
var declarationSecrets = []string{testfix.IDNumber(900), testfix.IDNumber(901), testfix.IDNumber(902), "13900000900", "13900000901", "13900000902"}

var declarationWorlds sync.Map // *Env → *DeclarationWorld

func (e *Env) DeclarationStore() *declaration.Store {
	return app.Declarations(e.S.DB, e.S.Vault)
}

// declarations builds the fixture once per env.
func (e *Env) Declarations(t *testing.T) *DeclarationWorld {
	t.Helper()
	if w, ok := declarationWorlds.Load(e); ok {
		return w.(*DeclarationWorld)
	}
	ctx := audit.WithActor(context.Background(), audit.Actor{Username: "public"})
	st := e.DeclarationStore()
	jy, ht := e.W.Jiyang, e.W.Haitang
	w := &DeclarationWorld{}
	var err error
	if w.Jy, _, err = st.Declare(ctx, declaration.Draft{Kind: declaration.Pocket, Name: "JY口袋党员", IDNumber: testfix.IDNumber(900), Phone: "13900000900",
		Org: jy.Branches[0].Code, UnitName: "JY外资酒店", Note: "JY备注"}); err != nil {
		t.Fatal(err)
	}
	if w.JyMobile, _, err = st.Declare(ctx, declaration.Draft{Kind: declaration.Mobile, Name: "JY流动党员", IDNumber: testfix.IDNumber(901), Phone: "13900000901",
		AreaID: jy.Village.ID, HomeOrg: "JY老家支部"}); err != nil {
		t.Fatal(err)
	}
	if w.Ht, _, err = st.Declare(ctx, declaration.Draft{Kind: declaration.Pocket, Name: "HT口袋党员", IDNumber: testfix.IDNumber(902), Phone: "13900000902",
		Org: ht.Branches[0].Name, UnitName: ht.Unit.Name}); err != nil {
		t.Fatal(err)
	}
	declarationWorlds.Store(e, w)
	return w
}

var preRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// preForm opens the public declaration form and returns its token.
func PreForm(t *testing.T, c *Client) string {
	t.Helper()
	r := c.Do("GET", "/declare", nil)
	m := preRe.FindStringSubmatch(r.Body)
	if r.Code != 200 || m == nil {
		t.Fatalf("declare form: %d %.300s", r.Code, r.Body)
	}
	return m[1]
}

// masked fails when a response shows an unmasked fixture number.
func Masked(t *testing.T, what string, r Resp) {
	t.Helper()
	for _, s := range declarationSecrets {
		if strings.Contains(r.Body, s) {
			t.Errorf("%s shows %s unmasked", what, s)
		}
	}
}

func PeopleFilterMobile() person.Filter {
	return person.Filter{Mobile: true, Page: db.Page{Limit: 500}}
}
