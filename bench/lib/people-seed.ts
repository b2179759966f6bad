/**
 * Loads N synthetic people straight into PostgreSQL with COPY, with exactly the columns and search terms the
 * directory service would write (same kernel functions), so search benchmarks query realistic data at scale.
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { foldName, namePinyin } from '../../src/kernel/chinese/name.ts';
import { normalisePhone } from '../../src/kernel/chinese/phone.ts';
import { newId } from '../../src/kernel/ids.ts';
import { recordTerms } from '../../src/modules/directory/search-terms.ts';
import { GIVEN, PLACES, SURNAMES } from '../../src/app/demo/demo-data.ts';

export type SeededPerson = { id: string; name: string; mobile: string; email: string };

function rng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const csv = (value: string | null) => (value === null ? '' : `"${value.replace(/"/g, '""')}"`);

/** Seeds `count` people for `tenantId`; returns a sample of them (for queries) and the number of search terms. */
export async function seedPeople(url: string, tenantId: string, count: number, onProgress?: (done: number) => void): Promise<{ sample: SeededPerson[]; terms: number }> {
  const next = rng(7);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] as T;
  const sample: SeededPerson[] = [];
  const peopleLines: string[] = [];
  const termLines: string[] = [];
  let terms = 0;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const flush = async () => {
    if (peopleLines.length === 0) return;
    await pipeline(Readable.from(peopleLines.splice(0).join('')), client.query(copyFrom(`COPY people (tenant_id, id, name, name_folded, name_pinyin, name_initials, gender, birthday, phones, emails, addresses, province, city, relationship_types, tags, custom) FROM STDIN WITH (FORMAT csv)`)));
    await pipeline(Readable.from(termLines.splice(0).join('')), client.query(copyFrom(`COPY search_terms (tenant_id, entity, entity_id, term, field) FROM STDIN WITH (FORMAT csv)`)));
  };
  for (let i = 0; i < count; i++) {
    const name = `${pick(SURNAMES)}${pick(GIVEN)}${next() < 0.5 ? pick(GIVEN).slice(0, 1) : ''}`;
    const mobile = `1${pick(['38', '39', '50', '58', '86', '88', '35', '77'])}${String(Math.floor(next() * 1e8)).padStart(8, '0')}`;
    const phone = normalisePhone(mobile);
    const phones = phone ? [{ e164: phone.e164, original: mobile, kind: phone.kind, label: 'mobile' }] : [];
    const email = `u${i}@example.com`;
    const emails = [{ address: email, label: 'work' }];
    const place = pick(PLACES);
    const id = newId();
    const py = namePinyin(name);
    peopleLines.push(
      [tenantId, id, csv(name), csv(foldName(name)), csv(py.full), csv(py.initials), pick(['female', 'male']), `${1950 + Math.floor(next() * 55)}-0${1 + Math.floor(next() * 9)}-1${Math.floor(next() * 9)}`, csv(JSON.stringify(phones)), csv(JSON.stringify(emails)), csv(JSON.stringify([{ province: place.province, city: place.city, country: 'CN', district: null, street: null, detail: null, postalCode: null, raw: null, label: null }])), csv(place.province), csv(place.city), '{customer}', '{}', '{}'].join(',') + '\n',
    );
    for (const { term, field } of recordTerms({ name, phones, emails })) {
      termLines.push(`${tenantId},person,${id},${csv(term)},${field}\n`);
      terms++;
    }
    if (i % 997 === 0 && sample.length < 2000) sample.push({ id, name, mobile, email });
    if (peopleLines.length >= 20_000) {
      await flush();
      onProgress?.(i + 1);
    }
  }
  await flush();
  onProgress?.(count);
  await client.query('ANALYZE people; ANALYZE search_terms;');
  await client.end();
  return { sample, terms };
}
