import { describe, expect, it } from 'vitest';
import { parseChineseAddress } from '../chinese/address.ts';

describe('parseChineseAddress', () => {
  it('splits a full address into its parts', () => {
    expect(parseChineseAddress('广东省广州市天河区体育西路123号5栋3单元201室')).toEqual({
      province: '广东省', city: '广州', district: '天河', town: '', street: '体育西路', number: '123', detail: '5栋3单元201', provinceInferred: false,
    });
  });

  it('infers a missing province from the city and folds 號/棟/單元 and full-width digits', () => {
    const a = parseChineseAddress('廣州市天河區體育西路１２３號5棟3單元201');
    expect(a).toMatchObject({ province: '广东省', city: '广州', district: '天河', street: '体育西路', number: '123', detail: '5栋3单元201', provinceInferred: true });
  });

  it('reads municipalities, with or without 市, and 新区 like 区', () => {
    expect(parseChineseAddress('上海市浦东新区世纪大道100号')).toMatchObject({ province: '上海市', city: '上海', district: '浦东', street: '世纪大道', number: '100' });
    expect(parseChineseAddress('上海浦东区世纪大道100号')).toMatchObject({ province: '上海市', city: '上海', district: '浦东', street: '世纪大道' });
    expect(parseChineseAddress('重慶渝中區民族路188號')).toMatchObject({ province: '重庆市', city: '重庆', district: '渝中', street: '民族路', number: '188' });
    expect(parseChineseAddress('北京朝阳区建国路88号')).toMatchObject({ province: '北京市', city: '北京', district: '朝阳' });
    expect(parseChineseAddress('天津市和平区南京路65号')).toMatchObject({ province: '天津市', city: '天津', district: '和平' });
  });

  it('reads short province names without 省 and keeps 吉林市 a city', () => {
    expect(parseChineseAddress('浙江杭州西湖区文三路478号')).toMatchObject({ province: '浙江省', city: '杭州', district: '西湖', street: '文三路', number: '478' });
    expect(parseChineseAddress('吉林市船营区解放路12号')).toMatchObject({ province: '吉林省', city: '吉林', district: '船营', provinceInferred: true });
  });

  it('spells building parts one way (号楼, 幢, 座, # → 栋; 室/房 dropped)', () => {
    const details = ['人民路5号7号楼301', '人民路5号7幢301室', '人民路5号7#301房', '人民路5号7棟301'].map((t) => parseChineseAddress(t).detail);
    expect(new Set(details)).toEqual(new Set(['7栋301']));
  });

  it('does not mistake a housing estate (小区) for a district', () => {
    const a = parseChineseAddress('幸福小区5号楼201');
    expect(a.district).toBe('');
    expect(a.detail).toContain('幸福小区');
  });

  it('reads autonomous regions and prefectures', () => {
    expect(parseChineseAddress('内蒙古呼和浩特市新城区中山东路8号')).toMatchObject({ province: '内蒙古自治区', city: '呼和浩特', district: '新城', street: '中山东路' });
    expect(parseChineseAddress('湖北省恩施土家族苗族自治州恩施市航空大道1号')).toMatchObject({ province: '湖北省', city: '恩施', district: '恩施', street: '航空大道', number: '1' });
  });

  it('reads towns and leaves unknown text in detail without throwing', () => {
    expect(parseChineseAddress('苏州市昆山市玉山镇人民路5号')).toMatchObject({ city: '苏州', district: '昆山', town: '玉山', street: '人民路', number: '5' });
    expect(parseChineseAddress('')).toMatchObject({ province: '', street: '', detail: '' });
    expect(parseChineseAddress('PO Box 12').detail).toBe('pobox12');
  });
});
