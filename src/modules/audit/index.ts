/**
 * Audit: the tamper-evident trail. Every write already lands in the outbox with actor, request id, IP and
 * before/after; this module seals those events into a SHA-256 hash chain, verifies it, records sensitive reads
 * and answers searches.
 */
export { createAuditService, type AuditService } from './audit.service.ts';
export { auditRoutes } from './audit.routes.ts';
export { formatAnchor, linkHash, parseAnchor, type Anchor } from './chain.ts';
