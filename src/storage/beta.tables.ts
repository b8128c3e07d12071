// Tables of the beta feature (see schema.ts, which re-exports them).
export {};
