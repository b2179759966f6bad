/** Builds the engagement services over one database handle. */
import { createAttachmentService } from './attachment.service.ts';
import type { EngagementDeps } from './engagement.deps.ts';
import type { EngagementTables } from './engagement.tables.ts';
import { createInteractionService } from './interaction.service.ts';
import { createTaskService } from './task.service.ts';
import { createTimelineService } from './timeline.service.ts';

export function createEngagementService(deps: EngagementDeps) {
  const db = deps.db.withTables<EngagementTables>();
  return {
    interactions: createInteractionService(deps, db),
    attachments: createAttachmentService(deps, db),
    tasks: createTaskService(deps, db),
    timeline: createTimelineService(deps, db),
    attachmentMaxBytes: deps.attachmentMaxBytes,
  };
}

export type EngagementService = ReturnType<typeof createEngagementService>;
