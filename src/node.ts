/**
 * eiskit/node: file-system helpers. The only module that imports `node:fs`.
 *
 * @module eiskit/node
 */
export {};
