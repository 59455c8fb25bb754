// Public exports of the fit concern (explicit, named). Re-exported by src/index.ts.
export {};
