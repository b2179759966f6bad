/**
 * Chinese postal addresses → parts (province, city, district, town, street, number, detail), so that matching can
 * compare "same street and number" rather than raw strings that differ by a missing province, 號/号, 棟/栋,
 * full-width digits or a dropped 省/市 suffix. Best effort and never throws: what it cannot place stays in detail.
 */
import { foldText } from './name.ts';
import { CITY_TO_PROVINCE, PROVINCES, type ProvinceInfo } from './address-regions.ts';

export type ParsedAddress = {
  /** Canonical full name, e.g. 广东省, 上海市; '' when unknown. */
  province: string;
  /** Short form without 市, e.g. 广州; for municipalities the municipality itself (上海). */
  city: string;
  /** Without its 区/县/新区/旗 suffix, so that 浦东新区 and 浦东区 agree. */
  district: string;
  /** 街道/镇/乡 without suffix. */
  town: string;
  /** Street with its 路/街/道 suffix kept (中山路 and 中山街 differ). */
  street: string;
  /** Street number, digits and dashes only. */
  number: string;
  /** Building, unit, room…: 5栋3单元201. */
  detail: string;
  /** True when the province was not written and was completed from the city. */
  provinceInferred: boolean;
};

const CHINA_PREFIX = /^(中华人民共和国|中国)/;
const CITY_SUFFIX = /^(.{2,7}?)(自治州|地区|市|盟)/u;
const DISTRICT = /^([^路街道巷弄号\d]{1,7}?)(新区|区|县|旗|市)/u;
const TOWN = /^([^路街巷弄号\d]{1,7}?)(街道|镇|乡)/u;
const STREET = /^([^\d号]{1,14}?(?:大道|大街|路|街|巷|胡同|道|里))/u;
const NUMBER = /^(\d+(?:-\d+)?)(?:号|弄)?/u;

const BY_LENGTH = [...PROVINCES].sort((a, b) => b.name.length - a.name.length);

/** Uniform spelling of building parts so that 5號樓, 5幢, 5#, 5座 all read 5栋. */
export function normaliseAddressDetail(text: string): string {
  return text
    .replace(/(\d+)\s*(?:号楼|幢|座|#|栋)/g, '$1栋')
    .replace(/(\d+)\s*(?:单元)/g, '$1单元')
    .replace(/(\d+)\s*(?:室|房)$/g, '$1')
    .replace(/[\s,，、.。·-]+$/g, '');
}

/** Folds an address for parsing: full → half width, traditional → simplified, no spaces or separators. */
export function foldAddress(text: string): string {
  return foldText(text).replace(/[\s,，、;；()（）]+/g, '');
}

function takeProvince(text: string): { province: ProvinceInfo; rest: string } | null {
  for (const province of BY_LENGTH) {
    if (text.startsWith(province.name)) return { province, rest: text.slice(province.name.length) };
  }
  for (const province of BY_LENGTH) {
    if (!text.startsWith(province.short)) continue;
    const after = text.slice(province.short.length);
    if (province.municipality) return { province, rest: after.replace(/^市/, '') };
    // 吉林市 is a city of 吉林省: a short province name followed by 市 is a city, not a province.
    if (after.startsWith('市')) continue;
    return { province, rest: after.replace(/^省/, '') };
  }
  return null;
}

function takeCity(text: string, province: ProvinceInfo | null): { city: string; rest: string } | null {
  const candidates = province ? province.cities : [...CITY_TO_PROVINCE.keys()];
  let best = '';
  for (const city of candidates) if (text.startsWith(city) && city.length > best.length) best = city;
  if (best) {
    // 恩施土家族苗族自治州: the ethnic part of an autonomous prefecture's name goes with its suffix.
    const rest = text.slice(best.length).replace(/^(?:\p{Script=Han}{0,8}?自治州|市|地区|州|盟)/u, '');
    return { city: best, rest };
  }
  const match = CITY_SUFFIX.exec(text);
  if (match && match[1]) return { city: match[1], rest: text.slice(match[0].length) };
  return null;
}

/** Parses a Chinese address; empty parts are ''. */
export function parseChineseAddress(text: string): ParsedAddress {
  let rest = foldAddress(text).replace(CHINA_PREFIX, '');
  const result: ParsedAddress = {
    province: '', city: '', district: '', town: '', street: '', number: '', detail: '', provinceInferred: false,
  };
  const province = takeProvince(rest);
  let info: ProvinceInfo | null = null;
  if (province) {
    info = province.province;
    result.province = info.name;
    rest = province.rest;
  }
  if (info?.municipality) {
    result.city = info.short;
    // "上海上海市浦东新区" and "上海市市辖区" both occur in exported data.
    rest = rest.replace(new RegExp(`^${info.short}市?`), '').replace(/^市辖区/, '');
  } else {
    const city = takeCity(rest, info);
    if (city) {
      result.city = city.city;
      rest = city.rest;
      const inferred = CITY_TO_PROVINCE.get(city.city);
      if (!info && inferred) {
        result.province = inferred.name;
        result.provinceInferred = true;
      }
    }
  }
  const district = DISTRICT.exec(rest);
  // 小区 (housing estate), 社区, 园区, 校区 end in 区 but are not districts.
  if (district && district[1] && !/[小社园校厂矿]$/u.test(district[1])) {
    result.district = district[1];
    rest = rest.slice(district[0].length);
  }
  const town = TOWN.exec(rest);
  if (town && town[1]) {
    result.town = town[1];
    rest = rest.slice(town[0].length);
  }
  const street = STREET.exec(rest);
  if (street && street[1]) {
    result.street = street[1];
    rest = rest.slice(street[0].length);
    const number = NUMBER.exec(rest);
    if (number && number[1]) {
      result.number = number[1];
      rest = rest.slice(number[0].length);
    }
  }
  result.detail = normaliseAddressDetail(rest);
  return result;
}
