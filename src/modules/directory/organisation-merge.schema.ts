/** zod shapes of an organisation merge (organisation-merge.service.ts). */
import { z } from 'zod';

export const organisationMergeInputSchema = z.strictObject({ duplicateId: z.uuid().describe('The organisation merged away into the one in the path') });
export const organisationMergePreviewQuerySchema = z.strictObject({ duplicateId: z.uuid() });
export const mergeIdParams = z.object({ mergeId: z.uuid() });

const moved = z.record(z.string(), z.number().int()).describe('Rows moved per kind (memberships, interactions, orders…); membershipsCollapsed: a person at both');
const fieldsTaken = z.array(z.string()).describe("The survivor's fields filled in from the duplicate");

export const organisationMergePreviewSchema = z.object({ survivorId: z.uuid(), duplicateId: z.uuid(), moved, fieldsTaken }).meta({ id: 'OrganisationMergePreview' });
export const organisationMergeResultSchema = z.object({ id: z.uuid(), survivorId: z.uuid(), duplicateId: z.uuid(), moved, fieldsTaken }).meta({ id: 'OrganisationMergeResult' });
export const organisationUnmergeResultSchema = z.object({ id: z.uuid(), survivorId: z.uuid(), duplicateId: z.uuid(), restored: moved, undone: z.literal(true) }).meta({ id: 'OrganisationUnmergeResult' });

export const organisationMergeSchema = z
  .object({
    id: z.uuid(),
    survivorId: z.uuid(),
    survivorName: z.string().nullable().describe('null when you may not see it'),
    duplicateId: z.uuid(),
    duplicateName: z.string().nullable(),
    mergedAt: z.string(),
    mergedBy: z.uuid().nullable(),
    undoneAt: z.string().nullable(),
    undoneBy: z.uuid().nullable(),
    moved,
    fieldsTaken,
  })
  .meta({ id: 'OrganisationMerge' });
