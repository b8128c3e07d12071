// Tables of the missed-you feature (see schema.ts, which re-exports them).
export {};
