package talentgen

// The vocabulary the generator writes with. Everything here is data: the
// per-skill table (skillLex) names what a skill's practitioners talk about,
// the per-field table (fields) says how people of a field introduce
// themselves and how organisations ask for them.
//
// Templates use placeholders, filled at generation time:
//
//	{t} {u}  two different terms of the latent skill (its name, a synonym from
//	         skills.tsv, or a domain word from skillLex)
//	{d}      the skill's department or subject word ("心内科", "数学")
//	{i}      an institution of the field or skill ("医科大学附属医院")
//	{c}      the talent's home city
//	{y}      a number of years (15–40)
//	{n}      a small number (1–9)
//	{r}      a role noun for the skill ("心内科医生")
//	{a}      an activity the demand wants ("为老年村民义诊")
//	{o}      the demanding organisation ("马亮村")

// skillRow is one skill's vocabulary, as a |-separated line: code | domain
// words | roles (demands ask for them) | activities (demands want them) |
// departments or subjects (experience) | institutions (experience; empty
// for the field's). Lists are separated by commas.
const skillRows = `
med.internal|慢性病,常见病,多发病,全科诊疗,老年病|内科医生,全科医生|为村民义诊,开展慢病健康讲座,坐诊常见病|内科,大内科|
med.internal.cardio|冠心病,高血压,心律失常,心力衰竭,心电图|心内科医生,心血管专家|为老年村民义诊,开展高血压防治讲座,指导冠心病患者用药|心内科,心血管内科|
med.internal.resp|慢阻肺,哮喘,肺炎,肺功能,慢性支气管炎|呼吸科医生,呼吸内科专家|开展慢阻肺筛查,为老人讲解哮喘防治|呼吸内科,肺科|
med.internal.gastro|胃炎,胃溃疡,胃镜,肝病,幽门螺杆菌|消化科医生,消化内科专家|开展胃病义诊,讲解幽门螺杆菌防治|消化内科|
med.internal.endo|糖尿病,甲状腺,血糖管理,胰岛素,骨质疏松|内分泌科医生,糖尿病专家|指导糖尿病患者控制血糖,开展血糖筛查义诊|内分泌科|
med.internal.neuro|脑卒中,中风,帕金森,癫痫,老年痴呆|神经内科医生,脑病专家|开展中风预防指导,为老人筛查老年痴呆|神经内科|
med.surgery|手术,创伤,外伤处理,伤口缝合|外科医生|培训外伤急救处理,坐诊外科门诊|外科|
med.surgery.ortho|颈椎病,腰椎间盘突出,骨折,关节炎,腰腿痛|骨科医生,骨伤科专家|为渔民义诊腰腿痛,开展颈椎病防治讲座|骨科|
med.surgery.general|阑尾炎,疝气,胆结石,腹部手术,微创手术|普外科医生|坐诊普外科门诊,指导卫生院开展小手术|普外科|
med.pediatrics|儿童生长发育,小儿感冒,预防接种,新生儿,儿童营养|儿科医生|为留守儿童体检,开展儿童营养讲座|儿科|
med.obgyn|孕产期保健,妇科病,两癌筛查,孕妇,产后康复|妇产科医生,妇科专家|开展两癌筛查义诊,指导孕产期保健|妇产科|
med.tcm|中草药,艾灸,拔罐,经络,中医养生|中医师,针灸医生,老中医|开展中医养生讲座,为村民针灸推拿义诊|中医科,针灸科|中医院,中医药大学附属医院
med.rehab|中风康复,运动康复,物理治疗,康复训练,术后康复|康复医师,康复治疗师|指导老人康复训练,培训康复技术|康复科,康复医学科|
med.nursing|老年护理,伤口护理,慢病护理,护理技能,失能照护|护士,护理专家|培训养老护理员,开展居家护理指导|护理部|
med.public|传染病防控,健康促进,流行病学,疫苗接种,慢病管理|公共卫生专家,疾控专家|开展健康教育讲座,指导传染病防控|疾控中心,公共卫生科|疾病预防控制中心,卫生健康委
med.mental|心理疏导,抑郁症,焦虑,心理危机干预,青少年心理|心理咨询师,心理医生|为学生开展心理健康讲座,为空巢老人提供心理疏导|心理科,精神科|精神卫生中心,医科大学附属医院
edu.primary|课堂教学,班主任,教研,中考,课业|中小学教师,骨干教师|辅导学生课业,指导青年教师上课|毕业班,教研室|
edu.primary.math|奥数,几何,代数,函数,数学思维|数学教师,数学老师|周末辅导初中数学,为初三学生辅导中考数学|数学|
edu.primary.chinese|阅读,古诗词,写作指导,朗诵,语文素养|语文教师,语文老师|辅导学生作文,开展经典诵读活动|语文|
edu.primary.english|英语口语,英语语法,听力,雅思,英语阅读|英语教师,英语老师|辅导学生英语口语,为村民开设旅游英语课|英语|外国语学校,第一中学
edu.primary.science|实验教学,科学实验,科普,天文,地理|理科教师,物理老师,科学老师|为学生开展科学实验课,指导科技创新活动|物理,化学|
edu.preschool|幼儿园,学前儿童,绘本,早教,幼小衔接|幼儿教师,学前教育专家|指导幼儿园教学,开展亲子阅读|幼儿园|机关幼儿园,实验幼儿园
edu.vocational|技工,职业技能,就业培训,实训,证书培训|职业培训讲师,职教老师|为村民开展技能培训,指导就业创业培训|实训|职业技术学院,技工学校
edu.arts|钢琴,绘画,合唱指导,国画,民族舞|美术老师,音乐老师,书法老师|为留守儿童开设美术课,辅导学生书法|美术,音乐|少年宫,艺术学校
edu.sports|篮球,田径,太极拳,健身,足球|体育教练,游泳教练|教孩子游泳,指导村民健身|体育|体育运动学校,第一中学
edu.management|学校管理,教学管理,德育,教师培训,课程改革|老校长,教育管理专家|指导学校教学管理,为教师开展培训|教务,德育|教育局,第一中学
agri.crops|水稻种植,蔬菜大棚,瓜菜,育种,南繁|种植技术员,农技专家|指导瓜菜种植,推广水稻新品种|作物|
agri.fruit|芒果种植,莲雾,菠萝蜜,嫁接,修剪|果树专家,芒果种植技术员|指导芒果种植管理,为果农讲解芒果嫁接技术|热带作物,果树|热带农业科学院,果树研究所
agri.livestock|生猪养殖,养牛,养鸡,疫病防控,饲料|畜牧兽医,养殖专家|指导村民养殖黑山羊,开展畜禽疫病防控|畜牧|畜牧兽医局,畜牧研究所
agri.aqua|对虾养殖,石斑鱼,网箱,鱼苗,水质|水产技术员,水产养殖专家|指导渔民对虾养殖,开展深海网箱养殖培训|水产|水产研究所,海洋与渔业局
agri.plant_protection|虫害,病害,绿色防控,生物防治,农药残留|植保专家,农技员|指导瓜菜病虫害绿色防控,培训科学用药|植保|植保站,农业科学院
agri.soil|施肥,土壤改良,有机肥,土壤检测,土壤酸化|土肥专家|指导测土配方施肥,开展土壤改良试验|土肥|土壤肥料站,农业科学院
agri.ecommerce|农产品上网,短视频,淘宝,物流,品牌包装|电商讲师,直播带货导师|培训村民直播带货,帮助合作社开网店卖芒果|电商|电商协会,供销社
eng.civil|房屋安全,结构加固,建筑设计,工程监理,工程预算|建筑工程师,结构工程师|评估危房改造,指导村民自建房安全|建筑,结构|建筑设计研究院,建筑工程公司
eng.planning|美丽乡村,总体规划,景观,园林,村庄风貌|规划师,规划专家|编制美丽乡村规划,指导村庄风貌提升|规划|城市规划设计研究院,规划局
eng.electric|配电,光伏,电路改造,用电安全,变电|电气工程师,电工师傅|排查村民用电安全隐患,指导光伏发电项目|电气|电力公司,供电局
eng.water|供水,灌溉,水库,防洪,排水|水利工程师|指导农田灌溉设施建设,解决村庄污水处理难题|水利|水利水电勘测设计院,水务局
eng.mechanical|农机,设备维修,机床,汽修,自动化|机械工程师,维修师傅|维修农机设备,培训农机操作|机械|机械厂,农机公司
eng.environment|环境监测,固废处理,生态保护,水环境治理,红树林保护|环保工程师,生态专家|指导垃圾分类,开展红树林生态修复|环保|环境科学研究院,生态环境局
eng.marine|海洋生态,渔港,船舶维修,珊瑚礁,海岸防护|海洋工程师,船舶工程师|指导渔港升级改造,开展珊瑚礁保护|海洋|海洋研究所,港务局,船厂
it.software|Java,Python,小程序,App开发,系统开发|软件工程师,程序员|开发村务管理小程序,为企业开发信息系统|软件|软件公司,互联网公司
it.data|数据挖掘,Excel,统计报表,数据可视化,数据库|数据分析师|分析旅游客流数据,培训干部使用Excel做统计|数据|统计局,互联网公司
it.network|服务器,宽带,机房,信息安全,网络设备|网络工程师|维护学校机房网络,排查网络安全隐患|网络|电信公司,信息中心
it.digital_skills|手机使用,微信,网上缴费,防诈骗,健康码|电脑老师,智能手机培训讲师|教老年人使用智能手机,开展防电信诈骗培训|信息技术|老年大学,社区学校
mgmt.enterprise|战略规划,管理咨询,经营管理,成本控制,企业转型|企业管理专家,企业家|为园区企业提供管理咨询,指导企业转型发展|企业管理|国有企业,集团公司
mgmt.marketing|品牌策划,市场推广,销售渠道,广告,营销策划|营销专家,品牌策划师|策划芒果品牌营销,拓展农产品销售渠道|营销|商贸集团,广告公司
mgmt.hr|绩效考核,薪酬,员工培训,劳动关系,组织发展|人力资源专家|为企业设计绩效考核制度,开展员工培训|人力资源|国有企业,人才服务中心
mgmt.coop|集体经济,农民专业合作社,股份合作,分红,村级经营|合作社辅导员,集体经济专家|指导村集体经济发展,规范合作社经营|合作经济|供销社,农经站
mgmt.tourism|乡村民宿,景区运营,导游,农家乐,旅游规划|旅游管理专家,民宿运营顾问|指导村民发展民宿,策划乡村旅游线路|旅游|旅游集团,酒店集团
mgmt.project|项目申报,可行性研究,招商引资,项目评估,工程项目|项目管理专家,招商顾问|指导项目申报,协助园区招商|项目|发展改革委,投资公司
fin.accounting|账务处理,财务报表,成本核算,出纳,财务制度|会计,财务专家|规范村集体账务,培训合作社会计|财务|会计师事务所,财政局
fin.audit|内部审计,经济责任审计,审计整改,财务检查,专项审计|审计专家|开展村级财务审计,指导审计整改|审计|审计局,会计师事务所
fin.banking|小额信贷,贷款,理财规划,防范金融诈骗,普惠金融|金融专家,银行家|讲解防范非法集资,指导农户申请小额贷款|信贷|农业银行,农村信用社
fin.tax|个人所得税,增值税,纳税申报,税收优惠,发票|税务专家,税务师|为小微企业讲解税收优惠政策,指导纳税申报|税务|税务局,税务师事务所
law.civil|婚姻纠纷,继承,土地承包,借贷纠纷,民法典|律师,法律顾问|为村民提供法律咨询,开展民法典宣讲|民事|律师事务所,中级人民法院
law.mediation|邻里矛盾,人民调解员,信访,家庭矛盾,土地纠纷|调解员,调解专家|化解邻里矛盾纠纷,培训村级调解员|调解|司法局,人民法院
law.admin|行政复议,行政诉讼,执法规范,政府法律顾问,行政审批|行政法专家|为镇政府提供法律顾问服务,培训执法人员|行政审判|中级人民法院,司法局
law.labor|劳动合同,工伤,欠薪,社保,劳动关系|劳动法律师|为务工人员讲解劳动合同,协助处理欠薪问题|劳动争议|劳动仲裁委员会,人力资源和社会保障局
culture.writing|散文,新闻报道,公文写作,村史编写,报告文学|作家,资深记者|编写村史,培训通讯员写宣传稿|写作,编辑|日报社,作家协会
culture.photo|短视频拍摄,航拍,纪录片,剪辑,人像摄影|摄影师,摄像师|拍摄乡村宣传片,培训村民拍短视频|摄影|电视台,摄影家协会
culture.performance|广场舞,声乐,话剧,器乐,文艺汇演|文艺指导老师,合唱指挥|指导村文艺队排练,组织春节文艺汇演|文艺|艺术剧院,歌舞团
culture.heritage|黎族织锦,黎族文化,传统技艺,竹木器乐,民间艺术|非遗传承人,非遗保护专家|指导黎锦技艺传承,整理村里民俗文化|非遗|文化馆,博物馆
culture.history|革命历史,红色文化,党史学习教育,琼崖纵队,英雄事迹|党史宣讲员,红色故事宣讲员|为学生讲红色故事,开展党史学习教育宣讲|党史|党史研究室,纪念馆
social.work|个案工作,小组工作,社区治理,困难群众帮扶,社会救助|社工,社会工作师|指导社区开展困难群众帮扶,培训社区社工|社会工作|民政局,社会工作服务中心
social.elderly|失能老人,日间照料,适老化改造,长者食堂,居家照护|养老服务专家|指导村里长者食堂运营,为居家老人提供照护指导|养老服务|养老院,民政局
social.volunteer|志愿者招募,志愿服务项目,公益活动,志愿者培训,社区志愿|志愿服务组织者|组建候鸟志愿服务队,培训社区志愿者|志愿服务|志愿者协会,团市委
social.youth|课业辅导,心理关爱,假期托管,青少年成长,家庭教育|青少年服务专家,辅导员|开展留守儿童假期托管,指导家庭教育|青少年工作|团市委,青少年宫
party.org|党支部,三会一课,发展党员,组织生活会,基层党建|党务工作者,党建指导员|指导村党支部规范化建设,培训党务工作者|组织|市委组织部,街道党工委
party.lecture|理论学习,创新理论,形势政策,宣讲报告,政治理论|党课讲师,理论宣讲员|为党员讲授专题党课,开展理论宣讲进村|宣传|市委党校,市委宣传部
party.discipline|廉洁教育,党风廉政,监督执纪,警示教育,作风建设|纪检干部,廉政专家|开展廉洁教育讲座,指导村务监督委员会工作|纪检|纪委监委,市委巡察办
`

// fieldLex is how a field's people present themselves and how its demands
// are phrased. Weights are relative shares among fields.
type fieldLex struct {
	code       string
	talentW    float64  // share of talents (retired doctors and teachers dominate)
	demandW    float64  // share of demands
	titles     []string // professional titles, repeated for weight
	expertise  []string // templates of one expertise phrase
	experience []string // templates of the experience sentence
	insts      []string // institutions for {i}
	orgs       []orgKind
	companions []string // optional skills a demand of the field adds
}

var fields = []fieldLex{
	{code: "med", talentW: 0.22, demandW: 0.20,
		titles:     []string{"主任医师", "主任医师", "主任医师", "副主任医师", "副主任医师", "副主任医师", "主治医师", "教授", "退休医生"},
		expertise:  []string{"擅长{t}、{u}的诊断与治疗", "从事{t}临床工作{y}年", "在{t}方面经验丰富", "熟悉{t}和{u}", "长期开展{t}健康科普", "对{t}有较深研究", "主攻{t}", "{t}专业"},
		experience: []string{"曾任{c}{i}{d}主任", "在{c}{i}{d}工作{y}年", "{c}医学院毕业，从医{y}年，曾任{i}{d}副主任", "曾任{c}{i}副院长，分管{d}"},
		insts:      []string{"市第一人民医院", "医科大学附属医院", "市中心医院", "市人民医院", "第二人民医院"},
		orgs:       []orgKind{village, village, community, hospital, hospital, school},
		companions: []string{"med.public", "social.elderly", "med.nursing"}},
	{code: "edu", talentW: 0.22, demandW: 0.20,
		titles:     []string{"高级教师", "高级教师", "中学高级教师", "中学高级教师", "特级教师", "一级教师", "副教授", "教授"},
		expertise:  []string{"擅长{t}", "从事{t}教学{y}年", "在{t}方面有丰富经验", "熟悉{t}、{u}", "多次获评{c}优秀教师", "主讲{t}", "辅导学生{t}成绩突出"},
		experience: []string{"在{c}{i}任{d}老师{y}年", "曾任{c}{i}{d}教研组长", "曾在{c}{i}担任{d}学科带头人", "从教{y}年，曾任{c}{i}{d}教师"},
		insts:      []string{"第一中学", "实验小学", "第二中学", "师范大学附属中学", "实验中学"},
		orgs:       []orgKind{school, school, school, village, community},
		companions: []string{"social.youth", "edu.management", "it.digital_skills"}},
	{code: "agri", talentW: 0.10, demandW: 0.15,
		titles:     []string{"高级农艺师", "高级农艺师", "农艺师", "农艺师", "推广研究员", "研究员"},
		expertise:  []string{"擅长{t}技术", "从事{t}研究与推广{y}年", "熟悉{t}、{u}", "在{t}方面有丰富实践经验", "指导农户开展{t}", "长期在基层推广{t}"},
		experience: []string{"曾任{c}{i}{d}研究室主任", "在{c}{i}从事{d}工作{y}年", "曾任{c}{i}{d}技术员", "{c}农业大学毕业，在{i}工作{y}年"},
		insts:      []string{"农业科学院", "农业技术推广站", "农业农村局", "农业大学"},
		orgs:       []orgKind{village, village, village, coop, park},
		companions: []string{"agri.ecommerce", "mgmt.coop", "agri.plant_protection"}},
	{code: "eng", talentW: 0.12, demandW: 0.08,
		titles:     []string{"高级工程师", "高级工程师", "高级工程师", "教授级高级工程师", "工程师", "总工程师"},
		expertise:  []string{"从事{t}工作{y}年", "精通{t}", "主持过多项{t}项目", "熟悉{t}、{u}相关规范", "擅长{t}和{u}"},
		experience: []string{"曾任{c}{i}{d}总工程师", "在{c}{i}从事{d}工作{y}年", "曾任{c}{i}{d}所所长"},
		insts:      []string{"设计研究院", "工程公司", "勘察设计院"},
		orgs:       []orgKind{village, village, park, enterprise},
		companions: []string{"mgmt.project", "eng.environment", "eng.planning"}},
	{code: "it", talentW: 0.06, demandW: 0.07,
		titles:     []string{"高级工程师", "高级工程师", "系统架构师", "软件工程师", "信息系统项目管理师"},
		expertise:  []string{"精通{t}", "从事{t}工作{y}年", "熟悉{t}、{u}", "主持开发多个{t}项目", "擅长{t}"},
		experience: []string{"曾任{c}{i}技术总监", "在{c}{i}从事{d}工作{y}年", "曾任{c}{i}{d}部门经理"},
		insts:      []string{"互联网公司", "软件公司", "电信公司"},
		orgs:       []orgKind{community, school, enterprise, village, park},
		companions: []string{"it.digital_skills", "it.data", "social.elderly"}},
	{code: "mgmt", talentW: 0.08, demandW: 0.08,
		titles:     []string{"高级经济师", "高级经济师", "经济师", "退休企业高管", "总经理", "职业经理人"},
		expertise:  []string{"擅长{t}", "有{y}年{t}经验", "熟悉{t}、{u}", "在{t}方面颇有心得", "长期负责{t}"},
		experience: []string{"曾任{c}{i}总经理", "在{c}{i}负责{d}工作{y}年", "曾任{c}{i}{d}部经理"},
		insts:      []string{"国有企业", "商贸集团", "集团公司"},
		orgs:       []orgKind{enterprise, enterprise, village, coop, park},
		companions: []string{"mgmt.marketing", "fin.accounting", "mgmt.project"}},
	{code: "fin", talentW: 0.05, demandW: 0.05,
		titles:     []string{"高级会计师", "高级会计师", "会计师", "注册会计师", "审计师", "高级经济师"},
		expertise:  []string{"擅长{t}", "从事{t}工作{y}年", "熟悉{t}、{u}", "在{t}方面经验丰富"},
		experience: []string{"曾任{c}{i}财务总监", "在{c}{i}从事{d}工作{y}年", "曾任{c}{i}{d}科科长"},
		insts:      []string{"财政局", "会计师事务所", "国有企业"},
		orgs:       []orgKind{village, coop, enterprise, enterprise},
		companions: []string{"fin.accounting", "mgmt.coop", "law.civil"}},
	{code: "law", talentW: 0.04, demandW: 0.06,
		titles:     []string{"律师", "一级律师", "退休法官", "退休法官", "法学教授", "人民调解员"},
		expertise:  []string{"擅长{t}", "从事{t}工作{y}年", "熟悉{t}、{u}", "办理{t}案件数百件", "长期提供{t}服务"},
		experience: []string{"曾任{c}{i}{d}庭庭长", "在{c}{i}执业{y}年", "曾任{c}{i}{d}科科长"},
		insts:      []string{"中级人民法院", "律师事务所", "司法局"},
		orgs:       []orgKind{village, village, community, enterprise},
		companions: []string{"law.mediation", "law.civil", "social.work"}},
	{code: "culture", talentW: 0.05, demandW: 0.05,
		titles:     []string{"作家", "摄影家", "国家二级演员", "非遗传承人", "副研究馆员", "宣讲员"},
		expertise:  []string{"擅长{t}", "从事{t}工作{y}年", "熟悉{t}、{u}", "{t}作品多次获奖", "热爱{t}"},
		experience: []string{"曾任{c}{i}{d}辅导员", "在{c}{i}从事{d}工作{y}年", "曾任{c}{i}副馆长"},
		insts:      []string{"文化馆", "群众艺术馆", "文联"},
		orgs:       []orgKind{village, school, community},
		companions: []string{"culture.photo", "culture.writing", "party.lecture"}},
	{code: "social", talentW: 0.03, demandW: 0.04,
		titles:     []string{"社会工作师", "高级社会工作师", "退休社区书记", "养老护理员"},
		expertise:  []string{"擅长{t}", "从事{t}工作{y}年", "熟悉{t}、{u}", "长期参与{t}"},
		experience: []string{"曾任{c}{i}主任", "在{c}{i}从事{d}工作{y}年"},
		insts:      []string{"民政局", "社区服务中心", "街道办事处"},
		orgs:       []orgKind{community, community, village},
		companions: []string{"social.volunteer", "med.nursing", "social.work"}},
	{code: "party", talentW: 0.03, demandW: 0.02,
		titles:     []string{"退休党务干部", "党校教授", "退休纪检干部", "退休组织部干部"},
		expertise:  []string{"擅长{t}", "从事{t}工作{y}年", "熟悉{t}、{u}", "长期开展{t}"},
		experience: []string{"曾任{c}{i}{d}处处长", "在{c}{i}从事{d}工作{y}年", "曾任{c}{i}副主任"},
		insts:      []string{"市委组织部", "市委党校", "市直机关工委"},
		orgs:       []orgKind{village, community, school, enterprise},
		companions: []string{"party.lecture", "culture.history", "party.org"}},
}

// skillTitles overrides a field's professional titles for a skill.
var skillTitles = map[string][]string{
	"med.nursing":       {"主任护师", "副主任护师", "主管护师"},
	"med.tcm":           {"主任中医师", "副主任中医师", "名老中医"},
	"med.mental":        {"心理咨询师", "主任医师", "副教授"},
	"med.public":        {"主任医师", "研究员", "副主任医师"},
	"edu.preschool":     {"幼儿园高级教师", "一级教师"},
	"edu.management":    {"退休校长", "特级教师", "高级教师"},
	"edu.sports":        {"高级教练", "高级教师"},
	"agri.livestock":    {"高级畜牧师", "高级兽医师", "兽医师"},
	"agri.aqua":         {"水产高级工程师", "研究员"},
	"it.digital_skills": {"高级教师", "工程师", "志愿讲师"},
	"law.mediation":     {"人民调解员", "退休法官", "金牌调解员"},
	"social.elderly":    {"养老护理员", "社会工作师", "退休社区书记"},
}

// noise is what people write beside their expertise: true of many people,
// specific to none.
var noise = []string{
	"退休后每年冬天来三亚过冬",
	"身体健康，热心公益",
	"愿意为三亚乡村振兴贡献力量",
	"希望发挥余热服务群众",
	"可以利用周末时间参加活动",
	"有多年志愿服务经历",
	"性格开朗，喜欢与人交流",
	"作为候鸟人才已在三亚居住多年",
	"退休前一直在一线工作",
	"获得过省级劳动模范称号",
	"在三亚有固定住所",
	"愿意到村里和社区服务",
}

// secondary are the civic skills people add beside their own, with the
// phrase that mentions them.
var secondary = []struct{ code, phrase string }{
	{"party.lecture", "退休后兼做理论宣讲"},
	{"social.volunteer", "参加过社区志愿服务队"},
	{"it.digital_skills", "会教老人用智能手机"},
	{"culture.history", "喜欢讲红色故事"},
	{"law.mediation", "在小区参与过纠纷调解"},
	{"culture.photo", "业余爱好摄影"},
}

// orgKind is the sort of organisation that posts a demand.
type orgKind int

const (
	village orgKind = iota
	community
	school
	hospital
	park
	enterprise
	coop
)

// org is a place that posts demands, with where it is.
type org struct {
	name     string
	lat, lng float64
	area     string
}

// orgs by kind. Names and places are Sanya's (villages and communities of
// the four districts and two economic zones); coordinates are approximate.
var orgsByKind = [...][]org{
	village: {
		{"马亮村", 18.330, 109.530, "吉阳区"}, {"博后村", 18.400, 109.710, "海棠湾"}, {"中廖村", 18.330, 109.620, "吉阳区"},
		{"文门村", 18.370, 109.590, "天涯区"}, {"抱龙村", 18.420, 109.390, "育才生态区"}, {"南丁村", 18.330, 109.350, "天涯区"},
		{"大茅村", 18.340, 109.570, "吉阳区"}, {"青塔村", 18.400, 109.660, "海棠湾"}, {"妙林村", 18.370, 109.680, "海棠湾"},
		{"槟榔村", 18.370, 109.200, "崖州区"}, {"红花村", 18.350, 109.450, "天涯区"}, {"龙江村", 18.380, 109.680, "海棠湾"},
		{"水蛟村", 18.370, 109.700, "海棠湾"}, {"扎南村", 18.340, 109.640, "吉阳区"}, {"拱北村", 18.390, 109.190, "崖州区"},
		{"雅亮村", 18.460, 109.410, "育才生态区"}, {"那受村", 18.440, 109.380, "育才生态区"}, {"六盘村", 18.320, 109.620, "吉阳区"},
	},
	community: {
		{"月川社区", 18.265, 109.505, "天涯区"}, {"鸿港社区", 18.255, 109.500, "天涯区"}, {"红沙社区", 18.240, 109.560, "吉阳区"},
		{"下洋田社区", 18.262, 109.510, "吉阳区"}, {"新风街社区", 18.250, 109.505, "吉阳区"}, {"榆港社区", 18.245, 109.560, "吉阳区"},
		{"港门村社区", 18.350, 109.170, "崖州区"}, {"藤桥社区", 18.400, 109.700, "海棠湾"}, {"荔枝沟社区", 18.290, 109.530, "吉阳区"},
		{"金鸡岭社区", 18.265, 109.520, "天涯区"},
	},
	school: {
		{"三亚市第一中学", 18.258, 109.505, "天涯区"}, {"三亚市第二中学", 18.280, 109.520, "吉阳区"},
		{"三亚市实验中学", 18.270, 109.500, "天涯区"}, {"三亚市第九小学", 18.265, 109.525, "吉阳区"},
		{"吉阳区第一小学", 18.290, 109.550, "吉阳区"}, {"崖州中学", 18.355, 109.175, "崖州区"},
		{"海棠湾中学", 18.390, 109.700, "海棠湾"}, {"育才中学", 18.445, 109.400, "育才生态区"},
		{"天涯区第二小学", 18.300, 109.420, "天涯区"},
	},
	hospital: {
		{"吉阳区卫生院", 18.290, 109.560, "吉阳区"}, {"海棠湾镇卫生院", 18.395, 109.705, "海棠湾"},
		{"天涯区卫生院", 18.300, 109.430, "天涯区"}, {"崖州区人民医院", 18.360, 109.170, "崖州区"},
		{"育才卫生院", 18.450, 109.400, "育才生态区"}, {"凤凰社区卫生服务中心", 18.280, 109.480, "天涯区"},
	},
	park: {
		{"崖州湾科技城", 18.300, 109.200, "崖州区"}, {"中央商务区", 18.250, 109.520, "吉阳区"},
		{"海棠湾国家海岸休闲园区", 18.380, 109.720, "海棠湾"}, {"南繁育种基地", 18.370, 109.180, "崖州区"},
	},
	enterprise: {
		{"三亚某酒店管理公司", 18.230, 109.640, "吉阳区"}, {"三亚某旅游开发公司", 18.250, 109.520, "吉阳区"},
		{"三亚某海洋科技公司", 18.300, 109.200, "崖州区"}, {"三亚某农业开发公司", 18.340, 109.350, "天涯区"},
		{"三亚某物流公司", 18.290, 109.520, "吉阳区"}, {"三亚某餐饮企业", 18.255, 109.505, "天涯区"},
	},
	coop: {
		{"马亮村芒果合作社", 18.330, 109.530, "吉阳区"}, {"抱龙村养殖合作社", 18.420, 109.390, "育才生态区"},
		{"南丁村瓜菜合作社", 18.330, 109.350, "天涯区"}, {"博后村民宿合作社", 18.400, 109.710, "海棠湾"},
		{"槟榔村种植合作社", 18.370, 109.200, "崖州区"},
	},
}

// situation is a demand's opening sentence by organisation kind.
var situation = [...][]string{
	village:    {"{o}常住人口约{n}00人，老年人和留守儿童较多", "{o}位于山区，村民以种植芒果和瓜菜为主", "{o}正在推进乡村振兴，人才短缺", "{o}离城区较远，群众办事不便"},
	community:  {"{o}辖区内老年居民和候鸟老人较多", "{o}居民{n}000余人，服务需求多样", "{o}党群服务中心场地充足，缺少专业人才"},
	school:     {"{o}现有学生{n}00余名，师资力量不足", "{o}部分学生基础薄弱，家长期待很高", "{o}地处城乡接合部，留守学生较多"},
	hospital:   {"{o}医疗力量薄弱，缺少专科医生", "{o}服务周边{n}万群众，专科门诊不足", "{o}希望提升基层诊疗水平"},
	park:       {"{o}入驻企业{n}0余家，发展势头良好", "{o}正在建设中，急需各类专业人才"},
	enterprise: {"{o}正处于转型发展期", "{o}员工{n}00余人，管理需要提升"},
	coop:       {"{o}有社员{n}0余户，经营规模不断扩大", "{o}成立不久，经营管理经验不足"},
}

// need templates: the demand's request sentence.
var needs = []string{
	"希望邀请熟悉{t}、{u}的退休专家{a}",
	"需要一名懂{t}的{r}{a}",
	"诚邀懂{t}的候鸟人才{a}",
	"希望有{t}方面经验的老师傅{a}",
	"想请一位擅长{t}和{u}的{r}{a}",
}

// titleTemplates are demand titles.
var titleTemplates = []string{
	"{o}需要{r}{a}",
	"{o}寻求退休{r}{a}",
	"{o}诚邀{r}{a}",
	"{o}招募{r}志愿者{a}",
}

// Surnames, weighted by repetition of the common ones, and the characters
// of given names of people born in the 1950s and 1960s.
var surnames = []string{
	"王", "王", "王", "李", "李", "李", "张", "张", "张", "刘", "刘", "陈", "陈", "杨", "杨", "赵", "赵", "黄", "黄",
	"周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐",
	"冯", "于", "董", "萧", "程", "曹", "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕", "苏", "卢", "蒋", "蔡",
	"贾", "丁", "魏", "薛", "叶", "阎", "余", "潘", "杜", "戴", "夏", "钟", "汪", "田", "任", "姜", "范", "方",
	"石", "姚", "谭", "廖", "邹", "熊", "金", "陆", "郝", "孔", "白", "崔", "康", "毛", "邱", "秦", "江", "史",
	"顾", "侯", "邵", "孟", "龙", "万", "段", "雷", "钱", "汤", "尹", "黎", "易", "常", "武", "乔", "贺", "赖",
	"龚", "文", "符", "欧阳", "司马", "诸葛", "上官",
}

var givenChars = []string{
	"建", "国", "华", "军", "平", "明", "伟", "强", "勇", "杰", "涛", "斌", "刚", "辉", "波", "峰", "东", "力",
	"志", "德", "文", "武", "新", "春", "秋", "红", "英", "秀", "兰", "芳", "玲", "丽", "敏", "静", "霞", "燕",
	"桂", "琴", "云", "梅", "淑", "珍", "凤", "玉", "萍", "海", "林", "宏", "庆", "卫", "忠", "民", "福", "荣",
	"贵", "成", "学", "晓", "立", "振", "永", "光", "荣", "慧", "娟", "艳", "杰", "宁", "超", "利",
}

// hometowns, weighted towards the north-east where most of Sanya's
// winter residents come from.
var hometowns = []string{
	"哈尔滨", "哈尔滨", "哈尔滨", "哈尔滨", "沈阳", "沈阳", "沈阳", "长春", "长春", "长春", "大连", "大连",
	"齐齐哈尔", "大庆", "吉林", "牡丹江", "佳木斯", "鞍山", "抚顺", "北京", "北京", "北京", "天津", "天津",
	"石家庄", "太原", "呼和浩特", "包头", "济南", "青岛", "郑州", "西安", "兰州", "乌鲁木齐", "银川",
	"西宁", "上海", "南京", "杭州", "武汉", "成都", "重庆", "长沙", "合肥",
}
