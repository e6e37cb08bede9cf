// Types for lint/boundaries.mjs (ESLint loads the .mjs; tests/lint/boundaries.test.ts imports it).
export declare const LAYERS: string[][];
export declare const layerZones: { target: string; from: string[]; message: string }[];
export declare const boundaries: object[];
