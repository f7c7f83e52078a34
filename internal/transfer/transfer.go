// Package transfer moves a party member's organizational relationship
// (组织关系转接) from one branch to another. The sending side approves the
// transfer out, the receiving side approves it in, and only then does the
// member's org change. Either side can send a transfer back with a note, and
// the requester or the sending side can revoke it while it is open. Every
// step is kept as an event and in the audit log.
//
// The receiving branch may lie outside the requester's scope (a move to
// another district is normal), so a Transfer handed to a caller never names
// an org the caller cannot see: see Transfer.Redact.
package transfer

import (
	"time"

	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// Status is where a transfer stands.
type Status string

const (
	Pending     Status = "pending"      // 待转出审批
	OutApproved Status = "out_approved" // 已转出、待接收
	Completed   Status = "completed"    // 已完成
	Rejected    Status = "rejected"     // 已退回
	Revoked     Status = "revoked"      // 已撤销
)

// Statuses lists every status in flow order.
var Statuses = []Status{Pending, OutApproved, Completed, Rejected, Revoked}

// ValidStatus reports whether s is a known status.
func ValidStatus(s Status) bool {
	for _, x := range Statuses {
		if s == x {
			return true
		}
	}
	return false
}

// Open reports whether a transfer in status s still awaits a decision.
func (s Status) Open() bool { return s == Pending || s == OutApproved }

// Event actions, in the order a transfer can go through them.
const (
	ActRequested   = "requested"
	ActApprovedOut = "approved_out"
	ActApprovedIn  = "approved_in"
	ActRejected    = "rejected"
	ActRevoked     = "revoked"
)

// MaxText is the longest reason or note, in characters.
const MaxText = 200

// Transfer is one transfer request. The path fields locate both sides for
// scope checks; they are never sent to clients.
type Transfer struct {
	ID          int64     `json:"id"`
	PersonID    int64     `json:"person_id"`
	PersonName  string    `json:"person_name"`
	FromOrgID   int64     `json:"from_org_id"`
	FromOrgName string    `json:"from_org_name"`
	ToOrgID     int64     `json:"to_org_id"`
	ToOrgName   string    `json:"to_org_name"`
	Reason      string    `json:"reason"`
	Status      Status    `json:"status"`
	RequestedBy int64     `json:"requested_by"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`

	FromPath     string `json:"-"`
	FromAreaPath string `json:"-"`
	ToPath       string `json:"-"`
	ToAreaPath   string `json:"-"`
}

// Event is one step in a transfer's history.
type Event struct {
	ID         int64     `json:"id"`
	TransferID int64     `json:"transfer_id"`
	At         time.Time `json:"at"`
	UserID     int64     `json:"user_id"`
	Username   string    `json:"username"`
	Action     string    `json:"action"`
	Note       string    `json:"note"`
}

// FromInScope reports whether the sending org lies inside sc.
func (t Transfer) FromInScope(sc scope.Scope) bool { return sc.HasRow(t.FromAreaPath, t.FromPath) }

// ToInScope reports whether the receiving org lies inside sc.
func (t Transfer) ToInScope(sc scope.Scope) bool { return sc.HasRow(t.ToAreaPath, t.ToPath) }

// Visible reports whether sc may see the transfer at all: either side in
// scope.
func (t Transfer) Visible(sc scope.Scope) bool { return t.FromInScope(sc) || t.ToInScope(sc) }

// Redact returns t as a caller with scope sc may see it: the name of an org
// outside sc is blanked (its id stays, it reveals nothing by itself).
func (t Transfer) Redact(sc scope.Scope) Transfer {
	if !t.FromInScope(sc) {
		t.FromOrgName = ""
	}
	if !t.ToInScope(sc) {
		t.ToOrgName = ""
	}
	return t
}

// Filter selects transfers.
type Filter struct {
	Status   Status `query:"status,enum"`
	PersonID int64  `query:"person_id"`
	// Direction is "out" (the sending org is in scope), "in" (the receiving
	// org is in scope) or "" (either). A transfer inside the scope is both.
	Direction string  `query:"direction,oneof=in out"`
	Page      db.Page `query:"page"`
}
