/** The store's public surface: state, actions, and pure helpers over run data. */
export * from './faultScript';
export * from './presenter';
export * from './rates';
export * from './reproduce';
export * from './store';
export * from './heldSeries';
export * from './lessonPlayer';
export * from './sessionProtocol';
export * from './pendingSettings';
