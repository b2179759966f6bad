/**
 * Fastify answers 404 for a known path with an unknown method. We keep a shadow router of every route so the
 * not-found handler can tell "no such path" (404) from "no such method here" (405 with Allow).
 */
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import type { FastifyInstance } from 'fastify';

const METHODS: HTTPMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export function trackRoutes(app: FastifyInstance): (method: string, url: string) => string[] {
  const router = FindMyWay({ ignoreTrailingSlash: false });
  const noop = () => undefined;
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (METHODS.includes(method as HTTPMethod) && !router.hasRoute(method as HTTPMethod, route.url)) {
        router.on(method as HTTPMethod, route.url, noop);
      }
    }
  });
  return (method, url) => {
    const path = url.split('?')[0] ?? url;
    const allowed = METHODS.filter((m) => m !== method && router.find(m, path) !== null);
    if (allowed.includes('GET')) allowed.push('HEAD');
    return allowed;
  };
}
