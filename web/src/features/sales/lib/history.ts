/** The stage history as the API gives it (`GET /opportunities/{id}/history`). */
import type { Schemas } from '../../../api/client.ts';

export type StageStay = Schemas['StageStay'];
