/** The analytics API's answers as the components use them, from the client types generated from openapi.json. */
import type { Schemas } from '../../../api/client.ts';

export type PersonAnalytics = Schemas['PersonAnalytics'];
export type Segments = Schemas['AnalyticsSegments'];
export type Cube = Schemas['AnalyticsCube'];
export type Signals = Schemas['AnalyticsSignals'];
export type RfmHistoryPoint = PersonAnalytics['history'][number];
export type ClvView = NonNullable<PersonAnalytics['clv']>;
export type ClvUnavailableView = NonNullable<PersonAnalytics['clvUnavailable']>;
export type ValueView = NonNullable<PersonAnalytics['value']>;
export type ChurnSignalView = PersonAnalytics['churn'][number];
export type PreferenceView = PersonAnalytics['preferences'][number];
export type SuggestionView = PersonAnalytics['crossSell'][number];
export type SignalItem = Signals['items'][number];
export type CubeDimension = Cube['rows'];
export type CubeMeasure = Cube['measure'];
