/**
 * The two pipelines every tenant starts with. Sales: lead → qualified → proposal → negotiation → won/lost.
 * Engineering project (B2B, article 004): prequalification → bidding → contract signed → execution →
 * completion and payment collection → warranty → closed, each stage with a responsible role and a gate.
 */
import type { PipelineCreate } from './pipeline.schema.ts';

export const DEFAULT_PIPELINES: PipelineCreate[] = [
  {
    key: 'sales',
    name: 'Sales',
    kind: 'sales',
    stages: [
      { key: 'lead', name: 'Lead', probability: 10, ownerRole: 'sales', requiredFields: [], outcome: 'open' },
      { key: 'qualified', name: 'Qualified', probability: 25, ownerRole: 'sales', requiredFields: ['organisationId'], outcome: 'open' },
      { key: 'proposal', name: 'Proposal', probability: 50, ownerRole: 'sales', requiredFields: ['organisationId', 'amount', 'expectedCloseOn'], outcome: 'open' },
      { key: 'negotiation', name: 'Negotiation', probability: 75, ownerRole: 'sales_manager', requiredFields: ['organisationId', 'amount', 'expectedCloseOn', 'quoteId'], outcome: 'open' },
      { key: 'won', name: 'Won', probability: 100, ownerRole: 'sales', requiredFields: ['amount', 'winReason'], outcome: 'won' },
      { key: 'lost', name: 'Lost', probability: 0, ownerRole: 'sales', requiredFields: ['lossReason'], outcome: 'lost' },
    ],
  },
  {
    key: 'project',
    name: 'Engineering project',
    kind: 'project',
    stages: [
      { key: 'prequalification', name: 'Prequalification', probability: 10, ownerRole: 'sales', requiredFields: ['organisationId'], outcome: 'open' },
      { key: 'bidding', name: 'Bidding', probability: 30, ownerRole: 'presales', requiredFields: ['organisationId', 'amount', 'expectedCloseOn', 'custom.bidDeadline'], outcome: 'open' },
      { key: 'contract_signed', name: 'Contract signed', probability: 90, ownerRole: 'sales', requiredFields: ['amount', 'contractId'], outcome: 'open' },
      { key: 'execution', name: 'Execution', probability: 95, ownerRole: 'project_manager', requiredFields: ['contractId', 'custom.siteManager'], outcome: 'open' },
      { key: 'completion_payment', name: 'Completion and payment collection', probability: 98, ownerRole: 'finance', requiredFields: ['custom.acceptanceDate'], outcome: 'open' },
      { key: 'warranty', name: 'Warranty', probability: 100, ownerRole: 'service', requiredFields: ['custom.warrantyEndOn'], outcome: 'open' },
      { key: 'closed', name: 'Closed', probability: 100, ownerRole: 'service', requiredFields: ['winReason'], outcome: 'won' },
      { key: 'lost', name: 'Lost', probability: 0, ownerRole: 'sales', requiredFields: ['lossReason'], outcome: 'lost' },
    ],
  },
];
