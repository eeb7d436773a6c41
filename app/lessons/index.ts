export * from './builtin';
export * from './lesson';
export * from './play';
export * from './progress';
