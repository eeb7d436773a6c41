export * from './builtin';
export * from './lesson';
