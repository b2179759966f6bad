import { AppError, notFound } from '../../kernel/errors.ts';

export const salesErrors = {
  leadNotFound: (id: string) => notFound('SALES.LEAD_NOT_FOUND', 'Lead', id),
  pipelineNotFound: (id: string) => notFound('SALES.PIPELINE_NOT_FOUND', 'Pipeline', id),
  opportunityNotFound: (id: string) => notFound('SALES.OPPORTUNITY_NOT_FOUND', 'Opportunity', id),
  stale: (what: string, id: string, expected: number, current: number) =>
    new AppError('precondition_failed', 'SALES.STALE_VERSION', `${what} ${id} was changed by someone else: you edited version ${expected}, it is now at version ${current}`, { expectedVersion: expected, currentVersion: current }),
  badReference: (field: string, what: string, id: string) => new AppError('invalid', 'SALES.BAD_REFERENCE', `${field}: no ${what} with id ${id}`, { field }),
  invalid: (field: string, message: string) => new AppError('invalid', 'SALES.INVALID', `${field}: ${message}`, { field }),
  unknownStage: (stage: string, pipeline: string, known: string[]) =>
    new AppError('invalid', 'SALES.UNKNOWN_STAGE', `stage: "${stage}" is not a stage of pipeline ${pipeline}; use one of ${known.join(', ')}`, { field: 'stage', known }),
  /** The stage gate: 422 listing every field the target stage needs and the opportunity lacks. */
  stageGate: (stage: string, missing: string[]) =>
    new AppError('unprocessable', 'SALES.STAGE_REQUIREMENTS_MISSING', `Cannot move to stage "${stage}": missing ${missing.join(', ')}`, { stage, missing }),
  closed: (id: string, status: string) => new AppError('conflict', 'SALES.OPPORTUNITY_CLOSED', `Opportunity ${id} is already ${status}; reopen it by moving it to an open stage`, { status }),
  alreadyConverted: (id: string) => new AppError('conflict', 'SALES.LEAD_ALREADY_CONVERTED', `Lead ${id} was already converted`, { id }),
  pipelineKeyTaken: (key: string) => new AppError('conflict', 'SALES.PIPELINE_EXISTS', `A pipeline with key "${key}" already exists`, { field: 'key' }),
  pipelineInUse: (stages: string[]) => new AppError('conflict', 'SALES.STAGE_IN_USE', `Stages ${stages.join(', ')} still hold opportunities; move them first`, { stages }),
  forbidden: (what: string, id: string) => new AppError('forbidden', 'SALES.FORBIDDEN', `You may see this ${what} but not change it`, { id }),
};

/** Reads an If-Match header ("3", W/"3" or 3) as a version number; undefined when absent. */

// One parser for every module (kept exported here so route files need not change).
export { versionFromIfMatch } from '../../kernel/concurrency.ts';
