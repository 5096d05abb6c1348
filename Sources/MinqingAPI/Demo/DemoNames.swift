/// Name material for the demo district, modelled on Binjiang (seeds/004) and its neighbours.
enum DemoNames {
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
    static let givenNames = [
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平",
        "刚", "桂英", "建华", "晓东", "海燕", "志强", "丽华", "国庆", "红梅", "建国", "文杰", "思远", "雨涵", "子轩", "欣怡",
        "浩然", "梓涵", "一鸣", "佳怡", "俊杰", "晓明", "春梅", "立新", "玉兰", "宏伟", "晨阳", "天佑", "嘉欣", "宇航", "若溪",
    ]
    static let streets = ["西兴", "长河", "浦沿"]
    static let communities = [
        "江南", "东信", "星耀", "缤纷", "湘湖", "白马湖", "冠山", "杨家墩", "江一", "闻涛", "月明", "海创", "智慧", "江汉",
        "铁岭花园", "山一", "塘子堰", "协同", "六和", "彩虹城", "春波", "枫桥", "钱塘春晓", "时代", "新生", "汤家井",
    ]
    static let parks = ["物联网小镇", "互联网小镇", "高新软件园", "海创基地", "白马湖创意城", "奥体科创园"]
    static let schools = ["滨江第一中学", "江南实验学校", "闻涛小学", "浙江中医药大学", "杭州高级中学滨江校区"]
    static let companies = ["海康威视", "大华股份", "网易", "吉利汽车", "华三通信", "士兰微电子"]
    static let sectors = [
        "教育", "医疗卫生", "社区工作", "企业管理", "科技研发", "律师", "个体工商户", "农业", "交通运输", "退休干部",
        "快递物流", "餐饮服务", "建筑工程", "金融", "文化旅游",
    ]
    static let observerRoles = ["网格长", "楼道长", "快递小哥", "外卖骑手", "物业经理", "退休教师", "志愿者", "出租车司机", "商户代表", "货车司机"]
    static let cityDepartments = ["杭州市住房和城乡建设局", "杭州市交通运输局", "杭州市教育局", "杭州市卫生健康委员会", "杭州市城市管理局", "杭州市市场监督管理局"]
    static let countyDepartments = [
        "滨江区住房和城乡建设局", "滨江区交通运输局", "滨江区教育局", "滨江区卫生健康局", "滨江区城市管理局", "滨江区市场监督管理局",
        "滨江区民政局", "滨江区人力资源和社会保障局", "滨江区生态环境分局", "滨江区公安分局", "滨江区发展和改革局", "滨江区财政局",
        "滨江区文化和广电旅游体育局", "滨江区农业农村局", "滨江区应急管理局", "滨江区医疗保障分局", "滨江区科技局", "滨江区商务局",
        "滨江区司法局", "滨江区信访局",
    ]
}

/// A small deterministic generator (SplitMix64), so every demo district is the same.
struct DemoRandom: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }

    mutating func personName() -> String { String(pick(DemoNames.surnames)) + pick(DemoNames.givenNames) }
}
