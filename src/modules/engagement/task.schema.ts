/** zod shapes of a task (a follow-up someone owes a customer). */
import { z } from 'zod';
import { cursorParam, isoDate, limitParam, pageOf, text } from '../../kernel/schema.ts';

export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;

export const taskCreateSchema = z
  .strictObject({
    title: text(300, 1),
    dueOn: isoDate.nullable().optional(),
    assigneeId: z.uuid().nullable().optional(),
    personId: z.uuid().nullable().optional(),
    organisationId: z.uuid().nullable().optional(),
  })
  .meta({ id: 'TaskCreate' });
export type TaskCreate = z.infer<typeof taskCreateSchema>;

export const taskPatchSchema = z
  .strictObject({ title: text(300, 1).optional(), dueOn: isoDate.nullable().optional(), assigneeId: z.uuid().nullable().optional(), status: z.enum(TASK_STATUSES).optional() })
  .refine((value) => Object.keys(value).length > 0, 'send at least one field to change')
  .meta({ id: 'TaskPatch' });
export type TaskPatch = z.infer<typeof taskPatchSchema>;

export const taskSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    dueOn: z.string().nullable(),
    assigneeId: z.uuid().nullable(),
    status: z.enum(TASK_STATUSES),
    personId: z.uuid().nullable(),
    organisationId: z.uuid().nullable(),
    sourceType: z.string().nullable(),
    sourceId: z.uuid().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: 'Task' });
export type Task = z.infer<typeof taskSchema>;

export const taskListQuerySchema = z.strictObject({
  assigneeId: z.uuid().optional(),
  status: z.enum(TASK_STATUSES).optional(),
  dueBefore: isoDate.optional(),
  limit: limitParam,
  cursor: cursorParam,
});
export type TaskListQuery = z.infer<typeof taskListQuerySchema>;
export const taskPageSchema = pageOf(taskSchema, 'TaskPage');
