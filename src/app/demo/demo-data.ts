/** Word lists for the demo data set: common Chinese surnames by frequency, given-name characters, places. */
export const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '肖', '田', '董', '潘', '袁', '蔡', '蒋', '余', '于', '杜', '叶', '程', '魏', '苏', '吕', '丁', '任', '欧阳', '司马', '诸葛'];
export const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '平', '刚', '桂英', '文', '华', '建国', '晓红', '志强', '海燕', '子轩', '梓涵', '一诺', '浩然', '欣怡', '宇航', '思远', '佳怡', '俊杰', '雨桐'];
export const ENGLISH_GIVEN = ['James', 'Mary', 'David', 'Linda', 'Michael', 'Sarah', 'Daniel', 'Emily', 'Kevin', 'Grace', 'Peter', 'Helen'];
export const ENGLISH_FAMILY = ['Smith', 'Brown', 'Wilson', 'Taylor', 'Lee', 'Wong', 'Chan', 'Miller', 'Davies', 'Clark'];

export type Place = { province: string; city: string; districts: string[]; areaCode: string };
export const PLACES: Place[] = [
  { province: '北京市', city: '北京市', districts: ['朝阳区', '海淀区', '东城区', '丰台区'], areaCode: '10' },
  { province: '上海市', city: '上海市', districts: ['浦东新区', '徐汇区', '静安区', '闵行区'], areaCode: '21' },
  { province: '广东省', city: '广州市', districts: ['天河区', '越秀区', '番禺区'], areaCode: '20' },
  { province: '广东省', city: '深圳市', districts: ['南山区', '福田区', '宝安区'], areaCode: '755' },
  { province: '浙江省', city: '杭州市', districts: ['西湖区', '滨江区', '余杭区'], areaCode: '571' },
  { province: '江苏省', city: '南京市', districts: ['鼓楼区', '玄武区', '江宁区'], areaCode: '25' },
  { province: '江苏省', city: '苏州市', districts: ['姑苏区', '工业园区', '吴中区'], areaCode: '512' },
  { province: '四川省', city: '成都市', districts: ['锦江区', '武侯区', '高新区'], areaCode: '28' },
  { province: '湖北省', city: '武汉市', districts: ['江汉区', '洪山区', '武昌区'], areaCode: '27' },
  { province: '山东省', city: '青岛市', districts: ['市南区', '崂山区', '黄岛区'], areaCode: '532' },
  { province: '天津市', city: '天津市', districts: ['和平区', '南开区', '河西区'], areaCode: '22' },
  { province: '重庆市', city: '重庆市', districts: ['渝中区', '江北区', '南岸区'], areaCode: '23' },
  { province: '陕西省', city: '西安市', districts: ['雁塔区', '碑林区', '未央区'], areaCode: '29' },
  { province: '福建省', city: '厦门市', districts: ['思明区', '湖里区'], areaCode: '592' },
  { province: '辽宁省', city: '沈阳市', districts: ['和平区', '沈河区'], areaCode: '24' },
  { province: '台湾', city: '台北市', districts: ['大安區', '信義區'], areaCode: '886-2' },
];
export const STREETS = ['人民路', '中山路', '解放路', '建设路', '和平路', '新华路', '长江路', '科技园路', '滨江大道', '学院路'];
export const COMPANY_WORDS = ['华通', '恒达', '金桥', '东方', '远航', '精工', '新锐', '宏图', '瑞丰', '天成', '中科', '鼎盛', '博远', '安泰'];
export const COMPANY_KINDS = ['机电', '科技', '贸易', '建设工程', '医疗器械', '食品', '物流', '环保设备', '软件', '电气'];
export const INDUSTRY_CODES = ['C34', 'I65', 'F51', 'E48', 'C35', 'C14', 'G54', 'C35', 'I65', 'C38'];
export const TAGS = ['VIP', '老客户', '重点跟进', '展会', '转介绍', '潜在大客户', 'Key account', '华东区', '华南区'];
export const SOURCES = ['展会', '官网', '转介绍', '经销商', '呼叫中心', 'WeChat', 'import'];
