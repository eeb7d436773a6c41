export * from './builtin';
export * from './scenario';
export * from './faultSpec';
