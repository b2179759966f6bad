import { lazy, type ComponentType } from 'react';

/**
 * A code-split page whose chunk can be fetched before React asks for it: at start-up we preload the page the
 * URL points at, so its download overlaps the sign-in check instead of following it.
 */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>) {
  let promise: Promise<{ default: ComponentType<P> }> | undefined;
  const preload = () => (promise ??= load().then((component) => ({ default: component })));
  return { Page: lazy(preload), preload };
}
