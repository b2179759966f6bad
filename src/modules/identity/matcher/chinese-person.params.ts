/**
 * Default parameters of the chinese-person spec, learnt without labels on 200,000 synthetic records
 * (`generateChineseRecords({ records: 200_000, seed: 2026 })`). Used when the input is too small for EM to learn
 * from (a handful of records) and as the starting model of a real-time IdentityIndex. Regenerate after changing
 * the spec's comparisons or levels (a test checks that they still fit): `guanxi identity synth --count 200000
 * --seed 2026 --output s.csv && guanxi identity resolve --input s.csv --output o.csv --save-params p.json`, then
 * copy p.json here (values rounded to 6 significant digits).
 */
import type { ModelParams } from './model.types.ts';

export const chinesePersonDefaultParams: ModelParams = {
  version: 1,
  spec: 'chinese-person',
  lambda: 0.00000965871,
  records: 200000,
  comparisons: [
    {
      name: 'name',
      levels: ['null', 'exact', 'pinyin', 'fuzzy', 'else'],
      m: [1, 0.797251, 0.146624, 0.00101941, 0.0551127],
      u: [1, 0.0001975, 0.0000995, 0.0007375, 0.998965],
    },
    {
      name: 'phone',
      levels: ['null', 'mobile', 'landline', 'else', 'mobile-conflict'],
      m: [1, 0.776704, 0.0522651, 0.0993013, 0.0717292],
      u: [1, 0.00000911046, 7.00804e-7, 0.188681, 0.811309],
    },
    {
      name: 'email',
      levels: ['null', 'exact', 'handle', 'fuzzy', 'else'],
      m: [1, 0.928465, 0.00207353, 0.037794, 0.0316872],
      u: [1, 0.0000197168, 0.00000281668, 0.000318285, 0.999659],
    },
    {
      name: 'address',
      levels: ['null', 'exact', 'street-number', 'street', 'district', 'city', 'else'],
      m: [1, 0.71184, 0.244268, 0.00001, 0.000603103, 0.00725743, 0.0360302],
      u: [1, 0.0000242299, 0.0000148506, 0.000538529, 0.0148014, 0.0592312, 0.92539],
    },
    {
      name: 'birth_date',
      levels: ['null', 'exact', 'close', 'year-month', 'year', 'else'],
      m: [1, 0.901137, 0.0371622, 0.00156444, 0.000782679, 0.0593641],
      u: [1, 0.000064891, 0.00178796, 0.000865674, 0.0159756, 0.981306],
    },
    {
      name: 'company',
      levels: ['null', 'exact', 'jw≥0.9', 'else'],
      m: [1, 0.494533, 0.0657045, 0.439762],
      u: [1, 0.0340286, 0.0045579, 0.961414],
    },
  ],
};
