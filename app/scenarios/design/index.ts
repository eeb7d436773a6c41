/** The design editor's model: edits of a topology and the checks they go through. */
export * from './edits';
export * from './designScenario';
