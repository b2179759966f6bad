/**
 * A realistic bilingual demo data set: organisations across provinces, people with Chinese (and some English)
 * names, mobiles and landlines, structured addresses, memberships with titles, family members and key dates.
 * Deterministic (seeded) so screenshots and tests see the same data.
 */
import type { ActorContext } from '../../kernel/context.ts';
import type { Services } from '../server.ts';
import { loadDemoActivity, type DemoActivityResult } from './demo-activity.ts';
import { COMPANY_KINDS, COMPANY_WORDS, ENGLISH_FAMILY, ENGLISH_GIVEN, GIVEN, INDUSTRY_CODES, PLACES, SOURCES, STREETS, SURNAMES, TAGS, type Place } from './demo-data.ts';

export type DemoOptions = { people: number; organisations: number; seed?: number; onProgress?: (done: number, total: number) => void; activity?: boolean };

function rng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  return { next, int, pick };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export async function loadDemo(services: Services, ctx: ActorContext, options: DemoOptions): Promise<{ people: number; organisations: number; activity: DemoActivityResult | undefined }> {
  const r = rng(options.seed ?? 20261123);
  const total = options.people + options.organisations;
  let done = 0;
  const tick = () => options.onProgress?.(++done, total);
  const address = (place: Place) => {
    const district = r.pick(place.districts);
    const street = r.pick(STREETS);
    const number = `${1 + r.int(300)}号`;
    return { province: place.province, city: place.city, district, street, detail: number, raw: `${place.province === place.city ? '' : place.province}${place.city}${district}${street}${number}` };
  };

  const organisationIds: string[] = [];
  for (let i = 0; i < options.organisations; i++) {
    const place = r.pick(PLACES);
    const kind = r.int(COMPANY_KINDS.length);
    const english = r.next() < 0.12;
    const org = await services.directory.organisations.create(ctx, {
      name: english ? `${r.pick(ENGLISH_FAMILY)} & ${r.pick(ENGLISH_FAMILY)} ${r.pick(['Trading', 'Engineering', 'Medical', 'Logistics'])} Ltd.` : `${place.city.replace(/市$/, '')}${r.pick(COMPANY_WORDS)}${COMPANY_KINDS[kind]}有限公司`,
      industryCode: INDUSTRY_CODES[kind] ?? null,
      relationshipTypes: [r.pick(['customer', 'customer', 'customer', 'prospect', 'partner', 'supplier', 'distributor', 'agent'] as const)],
      source: r.pick(SOURCES),
      tags: r.next() < 0.3 ? [r.pick(TAGS)] : [],
      phones: [{ number: `0${place.areaCode.replace('886-', '')}-${6000_0000 + r.int(3999_9999)}`, label: 'work' as const }].filter(() => !place.areaCode.startsWith('886')),
      address: address(place),
    });
    organisationIds.push(org.id);
    tick();
  }

  for (let i = 0; i < options.people; i++) {
    const place = r.pick(PLACES);
    const english = r.next() < 0.1;
    const name = english ? `${r.pick(ENGLISH_GIVEN)} ${r.pick(ENGLISH_FAMILY)}` : `${r.pick(SURNAMES)}${r.pick(GIVEN)}`;
    const year = 1955 + r.int(50);
    const birthday = r.next() < 0.8 ? `${year}-${pad(1 + r.int(12))}-${pad(1 + r.int(28))}` : null;
    const mobile = `1${r.pick(['38', '39', '50', '58', '86', '88', '35', '77'])}${pad(r.int(10000), 4)}${pad(r.int(10000), 4)}`;
    const formatted = r.pick([mobile, `${mobile.slice(0, 3)} ${mobile.slice(3, 7)} ${mobile.slice(7)}`, `+86-${mobile}`, `${mobile.slice(0, 3)}-${mobile.slice(3, 7)}-${mobile.slice(7)}`]);
    const person = await services.directory.people.create(ctx, {
      name,
      gender: r.pick(['female', 'male'] as const),
      birthday,
      phones: [{ number: formatted, label: 'mobile' }],
      emails: r.next() < 0.6 ? [{ address: `user${i}@example.${r.pick(['com', 'cn', 'com.tw'])}`, label: 'work' }] : [],
      wechatId: r.next() < 0.5 ? `wx_${i.toString(36)}${r.int(1000)}` : null,
      addresses: [address(place)],
      relationshipTypes: [r.pick(['customer', 'customer', 'prospect', 'partner'] as const)],
      source: r.pick(SOURCES),
      tags: r.next() < 0.35 ? [r.pick(TAGS)] : [],
    });
    if (organisationIds.length > 0 && r.next() < 0.85) {
      await services.directory.relations.addMembership(ctx, person.id, {
        organisationId: r.pick(organisationIds),
        title: r.pick(['总经理', '采购经理', '技术总监', '财务经理', '项目经理', 'Sales Director', '工程师', '行政主管']),
        role: r.pick(['decision_maker', 'buyer', 'technical', 'finance', 'influencer', 'user'] as const),
        isPrimary: true,
      });
    }
    if (r.next() < 0.3) {
      await services.directory.relations.addFamilyMember(ctx, person.id, { name: `${name.slice(0, 1)}${r.pick(GIVEN)}`, relation: r.pick(['spouse', 'child', 'parent'] as const), birthday: `${1950 + r.int(70)}-${pad(1 + r.int(12))}-${pad(1 + r.int(28))}` });
    }
    if (r.next() < 0.25) {
      await services.directory.relations.addKeyDate(ctx, { personId: person.id, kind: r.pick(['anniversary', 'wedding', 'contract_end', 'renewal'] as const), date: `${2010 + r.int(16)}-${pad(1 + r.int(12))}-${pad(1 + r.int(28))}` });
    }
    tick();
  }
  // Orders, interactions, leads, opportunities and projects on top of the customers (demo-activity.ts).
  const activity = options.activity === false ? undefined : await loadDemoActivity(services, ctx, { seed: (options.seed ?? 20261123) + 1 });
  return { people: options.people, organisations: options.organisations, activity };
}
