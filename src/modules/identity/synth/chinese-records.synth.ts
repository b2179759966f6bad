/**
 * A generator of realistic Chinese-language customer touchpoint records with ground truth (entity_id, and the
 * household_id that makes same-address-different-people explicit). People live in households sharing an
 * address and sometimes a landline; each person leaves 1–5 records, written the way touchpoints write them:
 * 简/繁, pinyin in both orders, +86/0086/spaces/dashes, landline instead of mobile, changed mobiles, missing
 * province, 号/號 and 栋/棟/幢/号楼, full-width digits, date formats, typos, very common names (王伟, 张伟, 李娜).
 * Deterministic for a seed. Records are shuffled within windows so that one person's records are not adjacent.
 */
import * as OpenCC from 'opencc-js';
import { namePinyin } from '../../../kernel/chinese/name.ts';
import { mulberry32 } from '../matcher/training.ts';
import {
  CITIES, COMMON_GIVEN, COMPANIES, COMPOUND_SURNAMES, GIVEN_CHARS, MAIL_DOMAINS, MOBILE_PREFIXES, STREETS, SURNAMES, TYPO_CHARS,
  type City,
} from './chinese-pools.ts';

export type SynthRecord = {
  record_id: string;
  name: string;
  phone: string;
  email: string;
  address: string;
  birth_date: string;
  company: string;
  entity_id: string;
  household_id: string;
};

export type SynthOptions = { records: number; seed?: number; shuffleWindow?: number };

type Address = { city: City; district: string; street: string; number: number; building: number; room: number };
type Person = {
  id: string;
  household: string;
  name: string;
  birth: [number, number, number];
  mobiles: string[];
  landline: string;
  email: string;
  company: readonly [string, string] | null;
  addresses: Address[];
};

const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });
const FULL_WIDTH_OFFSET = 0xff10 - 0x30;

export function* generateChineseRecords(options: SynthOptions): Generator<SynthRecord> {
  const random = mulberry32(options.seed ?? 2026);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const chance = (p: number) => random() < p;
  /** Power-law pick: index 0 much more often than the tail. */
  const zipf = <T>(items: readonly T[], exponent: number): T => items[Math.min(items.length - 1, Math.floor(items.length * random() ** exponent))] as T;
  const digits = (count: number) => Array.from({ length: count }, () => Math.floor(random() * 10)).join('');
  const usedMobiles = new Set<string>();
  const usedEmails = new Set<string>();
  // An address belongs to one mailbox: namesakes share a handle only across mail services, or add digits.
  const uniqueEmail = (handle: string, domain: string): string => {
    let email = `${handle}@${domain}`;
    while (usedEmails.has(email)) email = `${handle}${Math.floor(random() * 1000)}@${domain}`;
    usedEmails.add(email);
    return email;
  };
  const newMobile = (): string => {
    for (;;) {
      const mobile = pick(MOBILE_PREFIXES) + digits(8);
      if (!usedMobiles.has(mobile)) {
        usedMobiles.add(mobile);
        return mobile;
      }
    }
  };
  const tradCache = new Map<string, string>();
  const traditional = (text: string): string => {
    const cached = tradCache.get(text);
    if (cached !== undefined) return cached;
    const value: string = toTraditional(text) ?? text;
    if (tradCache.size < 200_000) tradCache.set(text, value);
    return value;
  };

  const givenName = () => {
    if (chance(0.3)) return zipf(COMMON_GIVEN, 2.5);
    return chance(0.6) ? pick(GIVEN_CHARS) + pick(GIVEN_CHARS) : pick(GIVEN_CHARS);
  };
  const surname = () => (chance(0.01) ? pick(COMPOUND_SURNAMES) : zipf(SURNAMES, 2));
  const newAddress = (): Address => {
    const city = zipf(CITIES, 1.5);
    return { city, district: pick(city.districts), street: pick(STREETS), number: 1 + Math.floor(random() * 300), building: 1 + Math.floor(random() * 30), room: 100 * (1 + Math.floor(random() * 25)) + 1 + Math.floor(random() * 4) };
  };

  let householdSeq = 0;
  let personSeq = 0;
  const household = (): Person[] => {
    const id = `H${++householdSeq}`;
    const size = pick([1, 1, 1, 2, 2, 2, 3, 3, 4]);
    const address = newAddress();
    const landline = chance(0.5) ? address.city.area + String(2 + Math.floor(random() * 7)) + digits(address.city.area.length === 2 ? 7 : 6) : '';
    const familyName = surname();
    const year = 1950 + Math.floor(random() * 40);
    const taken = new Set<string>();
    return Array.from({ length: size }, (_, k) => {
      const ownSurname = k === 1 ? surname() : familyName;
      // Children are born 20–40 years after the parents; siblings often share the first given character.
      const birthYear = k < 2 ? year + Math.floor(random() * 6) : year + 20 + Math.floor(random() * 20);
      const mobiles = chance(0.92) ? [newMobile()] : [];
      if (mobiles.length > 0 && chance(0.12)) mobiles.push(newMobile());
      // Parents do not give a child their own name (or a sibling's).
      let name = ownSurname + givenName();
      while (taken.has(name)) name = ownSurname + givenName();
      taken.add(name);
      const py = namePinyin(name).syllables;
      const handle = chance(0.35) ? py.join('') : chance(0.5) ? py.join('') + String(birthYear).slice(chance(0.5) ? 2 : 0) : digits(5 + Math.floor(random() * 5));
      return {
        id: `P${++personSeq}`,
        household: id,
        name,
        birth: [birthYear, 1 + Math.floor(random() * 12), 1 + Math.floor(random() * 28)] as [number, number, number],
        mobiles,
        landline,
        email: chance(0.7) ? uniqueEmail(handle, /^\d+$/.test(handle) ? 'qq.com' : pick(MAIL_DOMAINS)) : '',
        company: chance(0.5) ? pick(COMPANIES) : null,
        addresses: chance(0.08) ? [address, newAddress()] : [address],
      };
    });
  };

  const fullWidth = (text: string) => text.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + FULL_WIDTH_OFFSET));
  const formatMobile = (mobile: string) => {
    const [a, b, c] = [mobile.slice(0, 3), mobile.slice(3, 7), mobile.slice(7)];
    return pick([mobile, mobile, `${a} ${b} ${c}`, `${a}-${b}-${c}`, `+86 ${a} ${b} ${c}`, `+86${mobile}`, `0086-${a}-${b}-${c}`, `86 ${mobile}`]);
  };
  const formatLandline = (landline: string, area: string) => {
    const local = landline.slice(area.length);
    return pick([`0${area}-${local}`, `(0${area})${local}`, `+86 ${area} ${local}`, `0${area}${local}`, `0${area} ${local.slice(0, 4)} ${local.slice(4)}`]);
  };
  const formatName = (person: Person): string => {
    const r = random();
    if (r < 0.08) {
      const py = namePinyin(person.name).syllables.map((s) => s.charAt(0).toUpperCase() + s.slice(1));
      const surnameLength = COMPOUND_SURNAMES.some((s) => person.name.startsWith(s)) ? 2 : 1;
      const family = py.slice(0, surnameLength).join('');
      const given = py.slice(surnameLength).join('').toLowerCase().replace(/^./, (c) => c.toUpperCase());
      return pick([`${family} ${given}`, `${family.toUpperCase()} ${given}`, `${given} ${family}`, `${given} ${family.toUpperCase()}`]);
    }
    if (r < 0.11) {
      const chars = [...person.name];
      const k = chars.length - 1;
      const swap = TYPO_CHARS[chars[k] ?? ''];
      if (swap) chars[k] = swap;
      return chars.join('');
    }
    if (r < 0.14) return [...person.name].join(' ');
    return person.name;
  };
  const formatAddress = (address: Address): string => {
    const city = address.city;
    const municipality = city.province === city.city;
    const r = random();
    let head: string;
    if (municipality) head = r < 0.7 ? city.city : city.city.replace(/市$/, '');
    else if (r < 0.45) head = city.province + city.city;
    else if (r < 0.6) head = city.province.replace(/省$/, '') + city.city.replace(/市$/, '');
    else head = city.city; // province missing
    const building = pick([`${address.building}栋`, `${address.building}号楼`, `${address.building}幢`, `${address.building}栋`]);
    const room = pick([`${address.room}室`, `${address.room}`, `${address.room}房`]);
    const tail = chance(0.15) ? '' : building + room;
    const text = `${head}${address.district}${address.street}${address.number}号${tail}`;
    return chance(0.05) ? fullWidth(text) : text;
  };
  const formatDate = ([y, m, d]: [number, number, number]): string => {
    if (chance(0.02)) [m, d] = m <= 12 && d <= 12 && m !== d ? [d, m] : [m, d === 28 ? 18 : d + 1];
    const p = (v: number) => String(v).padStart(2, '0');
    return pick([`${y}-${p(m)}-${p(d)}`, `${y}/${m}/${d}`, `${y}年${m}月${d}日`, `${y}${p(m)}${p(d)}`, `${p(d)}/${p(m)}/${y}`]);
  };
  const touchpoint = (person: Person): Omit<SynthRecord, 'record_id'> => {
    const traditionalRecord = chance(0.15);
    const area = person.addresses[0]?.city.area ?? '';
    let phone = '';
    if (chance(0.88)) {
      const useLandline = person.landline && (person.mobiles.length === 0 || chance(0.12));
      if (useLandline) phone = formatLandline(person.landline, area);
      else if (person.mobiles.length > 0) phone = formatMobile(pick(person.mobiles));
      if (phone && person.landline && !useLandline && chance(0.05)) phone += `; ${formatLandline(person.landline, area)}`;
    }
    const email = person.email && chance(0.6) ? (chance(0.1) ? person.email.toUpperCase() : person.email) : '';
    const address = chance(0.8) ? formatAddress(person.addresses.length > 1 && chance(0.4) ? (person.addresses[1] as Address) : (person.addresses[0] as Address)) : '';
    const company = person.company && chance(0.5) ? pick(person.company) : '';
    let name = formatName(person);
    let shownAddress = address;
    let shownCompany = company;
    if (traditionalRecord) {
      name = /[a-z]/i.test(name) ? name : traditional(name);
      shownAddress = traditional(address);
      shownCompany = traditional(company);
    }
    return {
      name,
      phone,
      email,
      address: shownAddress,
      birth_date: chance(0.6) ? formatDate(person.birth) : '',
      company: shownCompany,
      entity_id: person.id,
      household_id: person.household,
    };
  };

  const window = options.shuffleWindow ?? 50_000;
  let buffer: Array<Omit<SynthRecord, 'record_id'>> = [];
  let emitted = 0;
  let produced = 0;
  const flush = function* (): Generator<SynthRecord> {
    for (let k = buffer.length - 1; k > 0; k--) {
      const j = Math.floor(random() * (k + 1));
      [buffer[k], buffer[j]] = [buffer[j] as Omit<SynthRecord, 'record_id'>, buffer[k] as Omit<SynthRecord, 'record_id'>];
    }
    for (const record of buffer) yield { record_id: `R${String(++emitted).padStart(7, '0')}`, ...record };
    buffer = [];
  };
  while (produced < options.records) {
    for (const person of household()) {
      const copies = pick([1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5]);
      for (let c = 0; c < copies && produced < options.records; c++, produced++) buffer.push(touchpoint(person));
    }
    if (buffer.length >= window) yield* flush();
  }
  yield* flush();
}
