/** Saved views: what a client sends and gets back. The filters are the list's own query parameters, kept as given. */
import { z } from 'zod';
import { text } from '../../kernel/schema.ts';

export const viewObjectTypes = ['person', 'organisation'] as const;

const filterValue = z.union([text(200), z.array(text(200)).max(20)]);
/** Query parameters of the list the view belongs to (`q`, `city`, `tag`, `cf`…): checked by that list when applied. */
const filters = z
  .record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_.]{0,39}$/, 'a filter name is a list query parameter such as city or cf'), filterValue)
  .refine((value) => Object.keys(value).length <= 30, 'at most 30 filters');
const columns = z.array(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_.]{0,79}$/, 'a column key such as name or custom.vip_level')).max(60);
const sort = z.string().regex(/^-?[a-zA-Z][a-zA-Z0-9_.]{0,79}$/, 'a sort key such as name or -createdAt');

export const savedViewSchema = z
  .object({
    id: z.uuid(),
    objectType: z.enum(viewObjectTypes),
    name: z.string(),
    ownerId: z.uuid(),
    teamId: z.uuid().nullable().describe('Shared with this team (its members see the view; only the owner changes it)'),
    filters: z.record(z.string(), filterValue),
    sort: z.string().nullable(),
    columns: z.array(z.string()),
    mine: z.boolean().describe('The caller owns the view (and may change or delete it)'),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: 'SavedView' });

export const savedViewCreateSchema = z
  .strictObject({
    objectType: z.enum(viewObjectTypes),
    name: text(80, 1),
    teamId: z.uuid().nullable().optional().describe('Share with one of your teams'),
    filters: filters.default({}),
    sort: sort.nullable().optional(),
    columns: columns.default([]),
  })
  .meta({ id: 'SavedViewCreate' });

export const savedViewPatchSchema = z
  .strictObject({
    name: text(80, 1).optional(),
    teamId: z.uuid().nullable().optional(),
    filters: filters.optional(),
    sort: sort.nullable().optional(),
    columns: columns.optional(),
  })
  .meta({ id: 'SavedViewPatch' });

export const savedViewListQuery = z.strictObject({ objectType: z.enum(viewObjectTypes) });
export const savedViewListSchema = z.object({ items: z.array(savedViewSchema) }).meta({ id: 'SavedViewList' });

export type SavedView = z.infer<typeof savedViewSchema>;
export type SavedViewCreate = z.infer<typeof savedViewCreateSchema>;
export type SavedViewPatch = z.infer<typeof savedViewPatchSchema>;
