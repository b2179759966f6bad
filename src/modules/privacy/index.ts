/**
 * Privacy (PIPL / GDPR): export everything held about a person, erase it by anonymisation, retention rules.
 * Consent per channel lives with the person in the directory.
 */
import { fileURLToPath } from 'node:url';

export { createPrivacyService, type PrivacyService, type PersonalDataProvider } from './privacy.service.ts';
export { privacyRoutes } from './privacy.routes.ts';
export const privacyMigrations = { module: 'privacy', dir: fileURLToPath(new URL('./migrations', import.meta.url)) };
