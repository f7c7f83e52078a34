package demo

import "dangjian/internal/org"

// The named institutions of the base structure. District indices follow
// the area codes: 0 海棠区, 1 吉阳区, 2 天涯区, 3 崖州区.

// inst is a named institution with its party org.
type inst struct {
	name     string
	stem     string // short name for child branches ("" = name)
	district int
	kind     org.Kind
}

func (i inst) short() string {
	if i.stem != "" {
		return i.stem
	}
	return i.name
}

// cityOrgans are the organs under 市直机关工委; the first ten are large
// enough for a general branch.
var cityOrgans = []string{
	"市委办公室", "市人大常委会办公室", "市政府办公室", "市政协办公室", "市纪委监委",
	"市委组织部", "市发展和改革委员会", "市财政局", "市自然资源和规划局", "市住房和城乡建设局",
	"市委宣传部", "市委统战部", "市委政法委", "市委编办", "市交通运输局",
	"市旅游和文化广电体育局", "市商务局", "市人力资源和社会保障局", "市民政局", "市司法局",
	"市审计局", "市统计局", "市生态环境局", "市农业农村局", "市水务局",
	"市应急管理局", "市市场监督管理局", "市医疗保障局", "市科技工业信息化局", "市综合行政执法局",
	"市退役军人事务局", "市林业局", "市投资促进局", "市信访局", "市总工会",
	"团市委", "市妇联", "市工商联", "市科协", "市委党校",
}

// districtOrgans are appended to a district's name: 海棠区 + 财政局.
var districtOrgans = []string{
	"委办公室", "人民政府办公室", "纪委监委", "委组织部", "发展和改革委员会", "财政局", "民政局",
	"住房和城乡建设局", "农业农村局", "综合行政执法局", "卫生健康委员会", "教育局", "应急管理局", "退役军人事务局",
}

var schools = []inst{
	{"三亚市第一中学", "", 2, org.Committee}, {"三亚市第二中学", "", 1, org.Committee},
	{"三亚市实验中学", "", 2, org.GeneralBranch}, {"三亚华侨学校", "", 1, org.GeneralBranch},
	{"三亚市第四中学", "", 1, org.GeneralBranch}, {"三亚市崖城中学", "", 3, org.GeneralBranch},
	{"海南中学三亚学校", "", 0, org.GeneralBranch}, {"北京大学附属中学三亚学校", "北大附中三亚学校", 3, org.GeneralBranch},
	{"三亚市民族中学", "", 2, org.Branch}, {"三亚市第五中学", "", 2, org.Branch},
	{"三亚市第七中学", "", 1, org.Branch}, {"三亚市林旺中学", "", 0, org.Branch},
	{"三亚市天涯中学", "", 2, org.Branch}, {"三亚市梅山中学", "", 3, org.Branch},
	{"三亚市南山学校", "", 3, org.Branch}, {"三亚市第一小学", "", 2, org.Branch},
	{"三亚市第二小学", "", 1, org.Branch}, {"三亚市第三小学", "", 2, org.Branch},
	{"三亚市第四小学", "", 1, org.Branch}, {"三亚市第五小学", "", 2, org.Branch},
	{"三亚市第六小学", "", 1, org.Branch}, {"三亚市第七小学", "", 2, org.Branch},
	{"三亚市第八小学", "", 1, org.Branch}, {"三亚市第九小学", "", 2, org.Branch},
	{"三亚市实验小学", "", 2, org.Branch}, {"三亚市崖城小学", "", 3, org.Branch},
	{"三亚市藤桥中心学校", "", 0, org.Branch}, {"三亚市林旺中心学校", "", 0, org.Branch},
	{"三亚市田独中心学校", "", 1, org.Branch}, {"三亚市荔枝沟中心学校", "", 1, org.Branch},
	{"三亚市天涯中心学校", "", 2, org.Branch}, {"三亚市育才中心学校", "", 2, org.Branch},
	{"三亚市第一幼儿园", "", 2, org.Branch}, {"三亚市机关幼儿园", "", 1, org.Branch},
	{"三亚市特殊教育学校", "", 2, org.Branch}, {"三亚市高级技工学校", "", 1, org.Branch},
}

var schoolBranches = []string{"教师党支部", "行政后勤党支部", "退休教师党支部"}

var hospitals = []inst{
	{"三亚市人民医院", "", 2, org.Committee},
	{"三亚中心医院（海南省第三人民医院）", "三亚中心医院", 2, org.Committee},
	{"三亚市中医院", "", 1, org.Committee},
	{"三亚市妇幼保健院", "", 1, org.GeneralBranch},
	{"三亚市崖州区人民医院", "", 3, org.GeneralBranch},
	{"三亚市海棠区人民医院", "", 0, org.GeneralBranch},
	{"三亚市天涯区人民医院", "", 2, org.Branch},
	{"三亚市吉阳区人民医院", "", 1, org.Branch},
	{"三亚市疾病预防控制中心", "", 2, org.Branch},
	{"三亚市急救中心", "", 1, org.Branch},
	{"三亚市中心血站", "", 2, org.Branch},
	{"三亚市精神卫生中心", "", 1, org.Branch},
}

var hospitalBranches = []string{"内科党支部", "外科党支部", "医技党支部", "护理党支部", "门急诊党支部", "行政后勤党支部", "妇产科党支部", "儿科党支部", "药学党支部", "离退休党支部"}

var policeUnits = []string{"指挥中心党支部", "治安支队党支部", "刑事侦查支队党支部", "经济犯罪侦查支队党支部", "网络安全保卫支队党支部",
	"出入境管理支队党支部", "特警支队党支部", "禁毒支队党支部", "旅游警察支队党支部"}

// policeBureaus are the district bureaus with their police stations.
var policeBureaus = []struct {
	name     string
	district int
	stations []string
}{
	{"三亚市公安局吉阳分局", 1, []string{"榆亚", "红沙", "田独", "月川", "大东海", "亚龙湾", "鹿回头"}},
	{"三亚市公安局天涯分局", 2, []string{"天涯", "凤凰", "河西", "三亚湾", "金鸡岭", "育才"}},
	{"三亚市公安局海棠分局", 0, []string{"林旺", "海棠湾", "藤桥"}},
	{"三亚市公安局崖州分局", 3, []string{"崖城", "梅山", "南山", "保港", "崖州湾"}},
}

var trafficBrigades = []string{"吉阳大队党支部", "天涯大队党支部", "海棠大队党支部", "崖州大队党支部", "高速公路大队党支部", "车辆管理所党支部"}

// soes are the city's state-owned groups, with their industry and tags.
var soes = []struct {
	inst
	industry string
	tags     []string
}{
	{inst{"三亚旅游文化发展集团有限公司", "三亚旅文集团", 2, org.Committee}, "旅游文化", []string{"旅游产业链"}},
	{inst{"三亚城市投资建设集团有限公司", "三亚城投集团", 1, org.Committee}, "城市建设", nil},
	{inst{"三亚交通投资控股有限公司", "三亚交投公司", 2, org.Committee}, "交通运输", nil},
	{inst{"三亚水务集团有限公司", "三亚水务集团", 1, org.Committee}, "水务", nil},
	{inst{"三亚公交集团有限公司", "三亚公交集团", 2, org.Committee}, "公共交通", nil},
	{inst{"三亚国有资本投资运营有限公司", "三亚国资运营公司", 1, org.Committee}, "投资运营", []string{"现代金融"}},
	{inst{"三亚崖州湾科技城开发建设有限公司", "崖州湾开发建设公司", 3, org.Committee}, "园区开发", []string{"南繁育种", "深海科技"}},
	{inst{"三亚农业投资发展集团有限公司", "三亚农投集团", 3, org.Committee}, "热带农业", []string{"热带农业", "南繁育种"}},
}

// institutes are the university research institutes of 崖州湾科技城.
var institutes = []struct {
	name string
	tag  string
}{
	{"海南大学三亚南繁研究院", "南繁育种"}, {"中国农业大学三亚研究院", "南繁育种"},
	{"上海交通大学三亚崖州湾深海科技研究院", "深海科技"}, {"浙江大学海南研究院", "深海科技"},
	{"中国海洋大学三亚海洋研究院", "深海科技"}, {"哈尔滨工程大学三亚南海创新发展基地", "深海科技"},
	{"南京农业大学三亚研究院", "南繁育种"}, {"武汉理工大学三亚科教创新园", "深海科技"},
	{"中国热带农业科学院三亚研究院", "南繁育种"},
}

// Industry committees under 市委两新组织工委.
const (
	indNewEmp = iota
	indProperty
	indInternet
	indSocial
	indHotel
	nIndustry
)

var industries = [nIndustry]struct {
	name   string
	sector org.Sector
	joints []string
}{
	indNewEmp:   {"三亚市新就业群体综合党委", "private_enterprise", []string{"三亚市快递行业联合党支部", "三亚市网约车行业联合党支部", "三亚市网络主播联合党支部", "三亚市外卖配送行业联合党支部"}},
	indProperty: {"三亚市物业服务行业党委", "private_enterprise", nil},
	indInternet: {"三亚市互联网行业党委", "private_enterprise", nil},
	indSocial:   {"三亚市社会组织综合党委", "social_org", []string{"三亚市异地商会联合党支部", "三亚市行业协会联合党支部"}},
	indHotel:    {"三亚市酒店行业党委", "private_enterprise", nil},
}

// zoneOrgs are the zone committees, their organ branch and base joint
// branches, by zone name.
var zoneOrgs = map[string]struct {
	committee, organ string
	sector           org.Sector
	joints           []string
}{
	zoneYucai: {"育才生态区工委", "育才生态区机关党支部", "organ", []string{"育才生态区两新组织联合党支部"}},
	zoneYZW:   {"崖州湾科技城管理局党委", "崖州湾科技城管理局机关党支部", "park", []string{"崖州湾科技城南繁企业联合党支部", "崖州湾科技城深海科技企业联合党支部"}},
	zoneCBD:   {"中央商务区管理局党委", "中央商务区管理局机关党支部", "park", []string{"中央商务区外资企业联合党支部", "中央商务区金融企业联合党支部"}},
	zoneMSP:   {"现代服务业产业园工委", "现代服务业产业园管理局机关党支部", "park", []string{"现代服务业产业园互联网企业联合党支部"}},
}

var seasonalBranches = []string{"东北候鸟党员党支部", "京津冀候鸟党员党支部", "长三角候鸟党员党支部", "候鸟人才工作站党支部"}

// estates are residential estate names for community branches.
var estates = []string{"椰林苑", "海景湾", "金色阳光", "凤凰花园", "鹿岛花园", "春光里", "榕树湾", "椰风海韵", "滨海花园", "阳光海岸",
	"山海湾", "丹州花园", "金鸡岭", "港湾城", "海润家园", "南山苑", "天涯春晓", "兰海花园", "绿城百合", "福源"}
