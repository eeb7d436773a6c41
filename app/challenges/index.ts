export * from './challenge';
export * from './builtin';
