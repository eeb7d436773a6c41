export * from './builtin';
export * from './scenario';
export * from './faultSpec';
export * from './configuration';
export * from './jsonText';
export * from './linkKeys';
