/** Sales: pipelines, the kanban, opportunities (with stage history), leads and the forecast. */
import { keepPreviousData, useQuery, type QueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../api/client.ts';

export type Opportunity = Schemas['Opportunity'];
export type Pipeline = Schemas['Pipeline'];
export type Stage = Schemas['PipelineStage'];
export type Kanban = Schemas['Kanban'];
/** A card of the board: the opportunity and its customer's name. */
export type KanbanItem = Schemas['KanbanCard'];
export type Lead = Schemas['Lead'];
export type OpportunityPatch = Schemas['OpportunityPatchInput'];
export type StageMove = Schemas['StageMoveInput'];
export type ForecastGrouping = 'month' | 'owner' | 'month_owner' | 'team' | 'month_team';

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

export function usePipelines() {
  return useQuery({
    queryKey: ['sales', 'pipelines'],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/pipelines', { signal })).items,
    staleTime: 5 * 60_000,
  });
}

export function useKanban(pipeline: string) {
  return useQuery({
    queryKey: ['sales', 'kanban', pipeline],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/pipelines/{id}/kanban', { params: { path: { id: pipeline }, query: { perStage: 50 } }, signal })),
  });
}

export function useOpportunity(id: string) {
  return useQuery({
    queryKey: ['sales', 'opportunity', id],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/opportunities/{id}', { params: { path: { id } }, signal })),
  });
}

export function useStageHistory(id: string, version: number | undefined) {
  return useQuery({
    // The version is in the key: every move or edit shows the new history without a manual refresh.
    queryKey: ['sales', 'opportunity', id, 'history', version],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/opportunities/{id}/history', { params: { path: { id } }, signal })).items,
    enabled: version !== undefined,
    placeholderData: keepPreviousData,
  });
}

/** A customer's opportunities and projects (the 360 page card). */
export function useCustomerOpportunities(customer: { organisationId?: string; personId?: string }) {
  return useQuery({
    queryKey: ['sales', 'opportunities', customer],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/opportunities', { params: { query: { ...customer, limit: 20 } }, signal })),
  });
}

export async function moveStage(opportunity: Pick<Opportunity, 'id' | 'version'>, body: StageMove): Promise<Opportunity> {
  return unwrap(await api.POST('/api/v1/opportunities/{id}/stage', { params: { path: { id: opportunity.id }, header: ifMatch(opportunity.version) }, body }));
}

export async function patchOpportunity(opportunity: Pick<Opportunity, 'id' | 'version'>, body: OpportunityPatch): Promise<Opportunity> {
  return unwrap(await api.PATCH('/api/v1/opportunities/{id}', { params: { path: { id: opportunity.id }, header: ifMatch(opportunity.version) }, body }));
}

export async function createOpportunity(body: Schemas['OpportunityCreateInput']): Promise<Opportunity> {
  return unwrap(await api.POST('/api/v1/opportunities', { body }));
}

/** After any change to an opportunity: the record, its board and the forecast. */
export function refreshOpportunity(client: QueryClient, saved?: Opportunity): void {
  if (saved) client.setQueryData(['sales', 'opportunity', saved.id], saved);
  void client.invalidateQueries({ queryKey: ['sales', 'kanban'] });
  void client.invalidateQueries({ queryKey: ['sales', 'opportunities'] });
  void client.invalidateQueries({ queryKey: ['sales', 'forecast'] });
}

/** The server changed an opportunity as a side effect (a quote or contract made for it was recorded on it). */
export function opportunityChangedElsewhere(client: QueryClient, id: string): void {
  void client.invalidateQueries({ queryKey: ['sales', 'opportunity', id] });
  refreshOpportunity(client);
}

export type LeadFilters = { status?: Lead['status']; grade?: Lead['grade'] };

export function useLeads(filters: LeadFilters) {
  return useQuery({
    queryKey: ['sales', 'leads', filters],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/leads', { params: { query: { ...filters, limit: 100 } }, signal })),
    placeholderData: keepPreviousData,
  });
}

export async function createLead(body: Schemas['LeadCreateInput']): Promise<Lead> {
  return unwrap(await api.POST('/api/v1/leads', { body }));
}

export async function convertLead(id: string, body: Schemas['LeadConversionInput']) {
  return unwrap(await api.POST('/api/v1/leads/{id}/convert', { params: { path: { id } }, body }));
}

export function useForecast(query: { from?: string; to?: string; pipeline?: string; groupBy: ForecastGrouping }) {
  return useQuery({
    queryKey: ['sales', 'forecast', query],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/forecast', { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

export async function setLeadStatus(lead: Lead, status: 'new' | 'contacted' | 'qualified' | 'unqualified'): Promise<Lead> {
  return unwrap(await api.PATCH('/api/v1/leads/{id}', { params: { path: { id: lead.id }, header: ifMatch(lead.version) }, body: { status } }));
}
