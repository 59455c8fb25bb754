// Public exports of the analysis concern (explicit, named). Re-exported by src/index.ts.
export {};
