package importer

import (
	"dangjian/internal/pii"
	"dangjian/internal/unit"
)

// Column is one column of an import template. Header is the (Chinese) text
// of the template's header cell; a file's header may use it or Key.
type Column struct {
	Key      string `json:"key"`
	Header   string `json:"header"`
	Required bool   `json:"required"`
	example  string // the template's example value
	note     string // what to write, for the template's instructions
}

// Columns returns the columns of a kind's template, in template order; nil
// for an unknown kind.
func Columns(k Kind) []Column {
	switch k {
	case People:
		return peopleColumns
	case Orgs:
		return orgColumns
	case Units:
		return unitColumns
	case Talents:
		return talentColumns
	}
	return nil
}

var exampleID = func() string {
	first := "46020219800101123"
	return first + string(pii.IDCheckChar(first))
}()

var exampleCredit = func() string {
	first := "91460200MA5T00001"
	return first + string(unit.CreditCheckChar(first))
}()

var peopleColumns = []Column{
	{"name", "姓名", true, "张三", "不超过30个字"},
	{"id_number", "身份证号", false, exampleID, "18位居民身份证号；请将本列设为文本格式"},
	{"phone", "手机号", false, "13800000000", "11位手机号或固定电话"},
	{"status", "政治面貌", true, "党员", "党员、预备党员、发展对象、入党积极分子、群众"},
	{"joined_on", "入党日期", false, "2010-07-01", "YYYY-MM-DD，党员和预备党员填写"},
	{"org_code", "所属党组织编码", false, "HT-B0", "党员、预备党员、发展对象、入党积极分子必填；群众不填"},
	{"area_code", "所在区域编码", true, "460202198001", "区域编码，如 460202198001"},
	{"unit_credit_code", "所在单位信用代码", false, "", "所在单位的统一社会信用代码"},
	{"mobile", "流动党员", false, "否", "是/否"},
	{"pocket", "口袋党员", false, "否", "是/否"},
	{"seasonal_months", "候鸟月份", false, "", "在三亚的月份，如 11,12,1,2,3"},
	{"cadre_roles", "干部角色", false, "", "驻村第一书记、网格员、党建指导员、党务干部，多个用顿号或逗号分隔"},
	{"tags", "标签", false, "", "人才、居民，多个用顿号或逗号分隔"},
}

var orgColumns = []Column{
	{"code", "组织编码", true, "HT-B9", "不超过32个字符，全市唯一"},
	{"name", "组织名称", true, "某某村第一党支部", "不超过80个字"},
	{"kind", "类型", true, "党支部", "党委、党总支、党支部、联合党支部"},
	{"sector", "领域", true, "村", "机关、学校、医院、公安、国企、村、社区、非公企业、社会组织、园区"},
	{"area_code", "所在区域编码", true, "460202198001", "区域编码，如 460202198001"},
	{"parent_code", "上级组织编码", false, "HT-C", "已登记的组织，或本文件中写在前面的组织"},
	{"founded_on", "成立日期", false, "2015-07-01", "YYYY-MM-DD"},
}

var unitColumns = []Column{
	{"name", "单位名称", true, "三亚某某旅游发展有限公司", "不超过100个字"},
	{"credit_code", "统一社会信用代码", false, exampleCredit, "18位统一社会信用代码"},
	{"kind", "类型", true, "企业", "企业、外资企业、国有企业、社会组织、互联网企业、物业企业、平台企业、事业单位"},
	{"industry", "行业", false, "旅游", "不超过40个字"},
	{"chain_tags", "产业链标签", false, "旅游产业链", "多个用顿号或逗号分隔"},
	{"employees", "职工人数", false, "120", "整数"},
	{"foreign_owned", "外资", false, "否", "是/否"},
	{"area_code", "所在区域编码", true, "460202198001", "区域编码，如 460202198001"},
	{"org_code", "覆盖党组织编码", false, "HT-B0", "覆盖本单位的党组织编码"},
}

// Chinese names accepted for coded values, next to the codes themselves.
var (
	statusNames = map[string]string{"党员": "member", "正式党员": "member", "预备党员": "probationary",
		"发展对象": "candidate", "入党积极分子": "activist", "积极分子": "activist", "群众": "masses"}
	orgKindNames = map[string]string{"党委": "committee", "党总支": "general_branch", "党总支部": "general_branch",
		"党支部": "branch", "支部": "branch", "联合党支部": "joint_branch"}
	sectorNames = map[string]string{"机关": "organ", "学校": "school", "医院": "hospital", "公安": "police",
		"国企": "soe", "国有企业": "soe", "村": "village", "社区": "community", "非公企业": "private_enterprise",
		"社会组织": "social_org", "园区": "park"}
	unitKindNames = map[string]string{"企业": "enterprise", "外资企业": "foreign_enterprise", "国有企业": "soe",
		"社会组织": "social_org", "互联网企业": "internet", "物业企业": "property", "平台企业": "platform", "事业单位": "public_institution"}
	cadreNames = map[string]string{"驻村第一书记": "first_secretary", "第一书记": "first_secretary", "网格员": "grid_worker",
		"党建指导员": "instructor", "党务干部": "party_cadre"}
	tagNames = map[string]string{"人才": "talent", "居民": "resident"}
)
