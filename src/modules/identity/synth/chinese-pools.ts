/** Word pools for the synthetic Chinese customer generator: names by frequency, places, streets, companies. */

/** The commonest surnames, roughly in order of frequency (weights fall off as a power law when sampled). */
export const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'];

/** Two-syllable surnames that do occur. */
export const COMPOUND_SURNAMES = ['欧阳', '司马', '诸葛', '上官', '东方'];

/** Given names that make 王伟, 张伟, 李娜, 王芳… the very common names they are. */
export const COMMON_GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英'];

/** Characters for the long tail of given names. */
export const GIVEN_CHARS = [...'子文宇浩轩博涵梓欣怡佳雨晨嘉思睿俊一可心语辰泽瑞宁安乐天昊然诗琪雅婷晓华建国志红玉兰海燕春梅丹凤宏斌飞鹏彬琳萍颖倩雪慧颖鑫毅峰龙云波辉健亮成康凯'];

/** Characters that a careless typist swaps for one another (same or similar pinyin). */
export const TYPO_CHARS: Record<string, string> = {
  伟: '玮', 玮: '伟', 芳: '方', 娜: '那', 静: '靜', 丽: '莉', 强: '墙', 军: '君', 杰: '洁', 涛: '滔', 明: '铭', 华: '化',
  敏: '民', 勇: '永', 磊: '雷', 艳: '燕', 霞: '侠', 平: '萍', 刚: '钢', 文: '雯', 宇: '雨', 浩: '豪', 博: '波', 欣: '馨',
};

export type City = { province: string; city: string; area: string; districts: string[] };

export const CITIES: City[] = [
  { province: '北京市', city: '北京市', area: '10', districts: ['朝阳区', '海淀区', '东城区', '西城区', '丰台区', '昌平区'] },
  { province: '上海市', city: '上海市', area: '21', districts: ['浦东新区', '徐汇区', '静安区', '黄浦区', '闵行区', '杨浦区'] },
  { province: '天津市', city: '天津市', area: '22', districts: ['和平区', '河西区', '南开区', '滨海新区'] },
  { province: '重庆市', city: '重庆市', area: '23', districts: ['渝中区', '江北区', '沙坪坝区', '九龙坡区'] },
  { province: '广东省', city: '广州市', area: '20', districts: ['天河区', '越秀区', '海珠区', '白云区', '番禺区'] },
  { province: '广东省', city: '深圳市', area: '755', districts: ['南山区', '福田区', '罗湖区', '宝安区', '龙岗区'] },
  { province: '浙江省', city: '杭州市', area: '571', districts: ['西湖区', '上城区', '拱墅区', '滨江区', '余杭区'] },
  { province: '江苏省', city: '南京市', area: '25', districts: ['玄武区', '鼓楼区', '秦淮区', '建邺区', '江宁区'] },
  { province: '江苏省', city: '苏州市', area: '512', districts: ['姑苏区', '吴中区', '相城区', '虎丘区'] },
  { province: '四川省', city: '成都市', area: '28', districts: ['锦江区', '青羊区', '武侯区', '成华区', '金牛区'] },
  { province: '湖北省', city: '武汉市', area: '27', districts: ['江岸区', '武昌区', '洪山区', '汉阳区'] },
  { province: '陕西省', city: '西安市', area: '29', districts: ['雁塔区', '碑林区', '未央区', '新城区'] },
  { province: '山东省', city: '青岛市', area: '532', districts: ['市南区', '市北区', '崂山区', '黄岛区'] },
  { province: '福建省', city: '厦门市', area: '592', districts: ['思明区', '湖里区', '集美区'] },
  { province: '湖南省', city: '长沙市', area: '731', districts: ['岳麓区', '芙蓉区', '天心区', '开福区'] },
  { province: '河南省', city: '郑州市', area: '371', districts: ['金水区', '中原区', '二七区', '管城回族区'] },
];

export const STREETS = [
  '人民路', '中山路', '解放路', '建设路', '和平路', '新华路', '文化路', '胜利路', '朝阳路', '长江路', '黄河路', '体育西路',
  '北京路', '南京路', '延安路', '青年路', '光明路', '工业大道', '科技园路', '滨江大道', '学府路', '幸福街', '东风路', '红旗路',
  '花园路', '育才路', '迎宾大道', '金融街', '世纪大道', '望江路',
];

export const COMPANIES = [
  ['华为技术有限公司', '华为'], ['腾讯科技（深圳）有限公司', '腾讯'], ['阿里巴巴集团', '阿里巴巴'], ['中国平安保险', '平安保险'],
  ['招商银行股份有限公司', '招商银行'], ['比亚迪股份有限公司', '比亚迪'], ['美的集团', '美的'], ['海尔集团', '海尔'],
  ['京东集团', '京东'], ['小米科技有限责任公司', '小米'], ['联想集团', '联想'], ['中国移动通信集团', '中国移动'],
  ['万科企业股份有限公司', '万科'], ['格力电器', '格力'], ['顺丰速运有限公司', '顺丰'],
] as const;

export const MAIL_DOMAINS = ['qq.com', '163.com', '126.com', 'sina.com', 'gmail.com', 'hotmail.com', 'foxmail.com', 'sohu.com'];

export const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '156', '157', '158', '159', '176', '177', '180', '181', '183', '185', '186', '187', '188', '189', '199'];
