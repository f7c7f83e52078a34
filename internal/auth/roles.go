// Package auth holds accounts, roles and permissions, password hashing with
// lockout, and server-side sessions with CSRF tokens. Every write is audited
// in the same transaction. The display names of roles and permissions are
// the i18n keys "role.<role>" and "perm.<permission>".
package auth

// Roles. An account holds one or more; its permissions are the union.
const (
	RoleAdmin            = "admin"             // 系统管理员
	RoleCityOfficial     = "city_official"     // 市级组织部门
	RoleDistrictOfficial = "district_official" // 区/园区组织部门
	RoleBranchSecretary  = "branch_secretary"  // 支部书记
	RoleGridWorker       = "grid_worker"       // 网格员
	RoleViewer           = "viewer"            // 只读
	RoleTalent           = "talent"            // 候鸟人才 (self-registered)
	RoleResident         = "resident"          // 居民 (orders services)
	RoleEnterprise       = "enterprise"        // 企业 (orders services)
)

// AllRoles lists every role, most powerful first (the order for forms).
var AllRoles = []string{
	RoleAdmin, RoleCityOfficial, RoleDistrictOfficial,
	RoleBranchSecretary, RoleGridWorker, RoleViewer, RoleTalent, RoleResident, RoleEnterprise,
}

// Permissions.
const (
	PermRegistryRead    = "registry.read"    // read the party registry
	PermRegistryWrite   = "registry.write"   // create and edit registry records
	PermPIIReveal       = "pii.reveal"       // reveal masked personal data (audited)
	PermImport          = "import"           // bulk import files
	PermTransferRequest = "transfer.request" // start a membership transfer
	PermTransferApprove = "transfer.approve" // approve or reject a transfer
	PermAuditRead       = "audit.read"       // read the audit log
	PermUsersAdmin      = "users.admin"      // manage accounts
	PermTalentRead      = "talent.read"      // read the talent pool and rankings
	PermTalentWrite     = "talent.write"     // register, edit and verify talents; post demands
	PermTalentMatch     = "talent.match"     // invite talents, run batch matching, manage engagements
	PermTalentVerify    = "talent.verify"    // verify and edit self-registered talents, correct points (officials)
	PermFundApprove     = "fund.approve"     // allocate the special fund and decide requests
	PermTalentSelf      = "talent.self"      // a talent's own profile, demands and engagements
	PermServiceRead     = "service.read"     // read service posts, orders and their reports
	PermServiceWrite    = "service.write"    // build posts, menus, grids and the holiday calendar
	PermOrderHandle     = "order.handle"     // dispatch, handle, verify, close and merge orders
	PermOrderPlace      = "order.place"      // place orders and rate one's own
	PermCoverageRun     = "coverage.run"     // start, cancel and rerun coverage and siting runs
)

// AllPerms lists every permission in display order.
var AllPerms = []string{
	PermRegistryRead, PermRegistryWrite, PermPIIReveal, PermImport,
	PermTransferRequest, PermTransferApprove, PermAuditRead, PermUsersAdmin,
	PermTalentRead, PermTalentWrite, PermTalentMatch, PermTalentVerify, PermFundApprove, PermTalentSelf,
	PermServiceRead, PermServiceWrite, PermOrderHandle, PermOrderPlace, PermCoverageRun,
}

// rolePerms maps each role to its permissions.
var rolePerms = map[string]map[string]bool{
	RoleAdmin:            set(except(AllPerms, PermTalentSelf)...),
	RoleCityOfficial:     set(except(AllPerms, PermUsersAdmin, PermTalentSelf)...),
	RoleDistrictOfficial: set(except(AllPerms, PermUsersAdmin, PermAuditRead, PermFundApprove, PermTalentSelf)...),
	RoleBranchSecretary:  set(PermRegistryRead, PermRegistryWrite, PermTransferRequest, PermTransferApprove, PermTalentRead, PermTalentWrite, PermTalentMatch, PermServiceRead, PermOrderPlace),
	RoleGridWorker:       set(PermRegistryRead, PermTalentRead, PermServiceRead, PermOrderHandle, PermOrderPlace),
	RoleViewer:           set(PermRegistryRead, PermTalentRead, PermServiceRead),
	RoleTalent:           set(PermTalentSelf),
	RoleResident:         set(PermOrderPlace),
	RoleEnterprise:       set(PermOrderPlace),
}

func set(xs ...string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

func except(all []string, drop ...string) []string {
	d := set(drop...)
	var out []string
	for _, x := range all {
		if !d[x] {
			out = append(out, x)
		}
	}
	return out
}

// ValidRole reports whether r is a known role.
func ValidRole(r string) bool {
	_, ok := rolePerms[r]
	return ok
}

// Can reports whether any of roles grants perm. Unknown roles grant nothing.
func Can(roles []string, perm string) bool {
	for _, r := range roles {
		if rolePerms[r][perm] {
			return true
		}
	}
	return false
}

// Perms returns the permissions roles grant, in AllPerms order.
func Perms(roles []string) []string {
	var out []string
	for _, p := range AllPerms {
		if Can(roles, p) {
			out = append(out, p)
		}
	}
	return out
}
