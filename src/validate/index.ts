// Public exports of the validate concern (explicit, named). Re-exported by src/index.ts.
export {};
