/** Kysely types of the sales module's tables. */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { GradingRules } from './lead.grading.ts';
import type { Stage } from './pipeline.schema.ts';

type Audited = {
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
  createdBy: string | null;
  updatedBy: string | null;
  version: Generated<number>;
  deletedAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
};
type Json<T extends object> = JSONColumnType<T, string, string>;
/** A nullable column that an insert may leave out. */
type Opt<T> = ColumnType<T | null, T | null | undefined, T | null>;

export type LeadGradingTable = { tenantId: string; rules: Json<GradingRules>; updatedAt: Generated<Date>; updatedBy: string | null; version: Generated<number> };

export type LeadsTable = Audited & {
  tenantId: string;
  id: string;
  name: string;
  company: Opt<string>;
  title: Opt<string>;
  phone: Opt<string>;
  email: Opt<string>;
  source: Opt<string>;
  industry: Opt<string>;
  province: Opt<string>;
  city: Opt<string>;
  estimatedValue: Opt<string>;
  currency: Opt<string>;
  notes: Opt<string>;
  status: Generated<string>;
  score: number;
  grade: string;
  ownerId: Opt<string>;
  convertedPersonId: Opt<string>;
  convertedOrganisationId: Opt<string>;
  convertedOpportunityId: Opt<string>;
  convertedAt: Opt<Date>;
};

export type PipelinesTable = Audited & { tenantId: string; id: string; key: string; name: string; kind: 'sales' | 'project'; stages: Json<Stage[]> };

export type OpportunitiesTable = Audited & {
  tenantId: string;
  id: string;
  name: string;
  kind: 'sales' | 'project';
  pipelineId: string;
  stageKey: string;
  stageOwnerId: Opt<string>;
  stageEnteredAt: Date;
  status: string;
  probability: string;
  amount: Opt<string>;
  currency: string;
  expectedCloseOn: Opt<string>;
  organisationId: Opt<string>;
  personId: Opt<string>;
  ownerId: Opt<string>;
  leadId: Opt<string>;
  description: Opt<string>;
  quoteId: Opt<string>;
  contractId: Opt<string>;
  winReason: Opt<string>;
  lossReason: Opt<string>;
  custom: Json<Record<string, unknown>>;
  closedAt: Opt<Date>;
};

export type StageHistoryTable = { tenantId: string; id: string; opportunityId: string; stageKey: string; ownerId: string | null; enteredAt: Date; leftAt: Date | null; movedBy: string | null };

export type SalesTables = {
  leadGrading: LeadGradingTable;
  leads: LeadsTable;
  pipelines: PipelinesTable;
  opportunities: OpportunitiesTable;
  opportunityStageHistory: StageHistoryTable;
};
