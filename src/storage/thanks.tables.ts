// Tables of the thanks feature (see schema.ts, which re-exports them).
export {};
