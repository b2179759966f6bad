/**
 * What the store is fed from: functions the commerce and directory modules export and server.ts injects — the
 * analytics module never queries their tables. The shapes are those modules' own types.
 */
import type { CommerceAnalyticsSource } from '../../commerce/index.ts';
import type { DirectoryAnalyticsSource } from '../../directory/index.ts';

export type AnalyticsSources = {
  commerce: CommerceAnalyticsSource;
  directory: DirectoryAnalyticsSource;
};
