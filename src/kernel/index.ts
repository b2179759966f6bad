/** The kernel: what every module needs, with no I/O and no module imports. */
export * from './errors.ts';
export * from './ids.ts';
export * from './chinese/name.ts';
export * from './chinese/phone.ts';
export * from './dates.ts';
export * from './chinese/address.ts';
