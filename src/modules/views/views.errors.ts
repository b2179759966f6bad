import { AppError, notFound } from '../../kernel/errors.ts';

export const viewErrors = {
  notFound: (id: string) => notFound('VIEWS.VIEW_NOT_FOUND', 'Saved view', id),
  notOwner: () => new AppError('forbidden', 'VIEWS.NOT_OWNER', 'Only the owner of a saved view may change or delete it (it was shared with your team)'),
  nameTaken: (name: string) => new AppError('conflict', 'VIEWS.NAME_TAKEN', `name: you already have a view called "${name}" on this list`, { field: 'name' }),
  notYourTeam: (teamId: string) => new AppError('invalid', 'VIEWS.NOT_YOUR_TEAM', `teamId: you can share a view only with a team you belong to (not ${teamId})`, { field: 'teamId' }),
  noUser: () => new AppError('forbidden', 'VIEWS.NO_USER', 'Saved views belong to a signed-in user'),
  stale: (id: string, expected: number, current: number) =>
    new AppError('precondition_failed', 'VIEWS.STALE_VERSION', `Saved view ${id} was changed elsewhere: you edited version ${expected}, it is now at version ${current}`, { expectedVersion: expected, currentVersion: current }),
};
