// Public exports of the plot concern (explicit, named). Re-exported by src/index.ts.
export {};
