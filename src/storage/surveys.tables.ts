// Tables of the surveys feature (see schema.ts, which re-exports them).
export {};
