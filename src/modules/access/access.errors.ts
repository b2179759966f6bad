import { AppError } from '../../kernel/errors.ts';

export const accessErrors = {
  badCredentials: () => new AppError('unauthenticated', 'ACCESS.BAD_CREDENTIALS', 'The e-mail or password is wrong'),
  emailTaken: (email: string) => new AppError('conflict', 'ACCESS.EMAIL_TAKEN', `A user with e-mail ${email} already exists`, { field: 'email' }),
  userNotFound: (what: string) => new AppError('not_found', 'ACCESS.USER_NOT_FOUND', `No user ${what}`),
  locked: (until: Date) => new AppError('rate_limited', 'ACCESS.LOCKED', `Too many failed sign-ins: this account is locked until ${until.toISOString()}`, { lockedUntil: until.toISOString() }),
  totpRequired: () => new AppError('unauthenticated', 'ACCESS.TOTP_REQUIRED', 'This account uses a second factor: send the 6-digit code from your authenticator app as totp', { field: 'totp' }),
  secretKeyMismatch: () => new AppError('internal', 'ACCESS.SECRET_KEY_MISMATCH', 'The second factor cannot be checked: this server\'s secret key is not the one the seed was sealed with (GUANXI_SECRET_KEY or secret.key in the data folder changed). Restore the key, or an administrator resets this user\'s second factor (POST /api/v1/users/{id}/totp/reset).'),
  totpWrong: () => new AppError('invalid', 'ACCESS.TOTP_WRONG', 'totp: the code is not valid (check the time on your phone)', { field: 'totp' }),
  alreadySetUp: () => new AppError('conflict', 'ACCESS.ALREADY_SET_UP', 'This installation is already set up: sign in with an existing account, or ask an administrator for one'),
  setupTokenWrong: () =>
    new AppError('forbidden', 'ACCESS.SETUP_TOKEN_WRONG', "token: this set-up link is not valid; use the link the server printed at its last start (a new one is drawn at every start)", { field: 'token' }),
  adminOnly: () => new AppError('forbidden', 'ACCESS.ADMIN_ONLY', 'Only an administrator may do this'),
};
