#!/usr/bin/env node
// The `guanxi` command. Node 20 cannot run TypeScript itself, so tsx's loader is registered first.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
