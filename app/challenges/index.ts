export * from './challenge';
export * from './builtin';
export * from './link';
export * from './progress';
