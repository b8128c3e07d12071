// Tables of the digest feature (see schema.ts, which re-exports them).
export {};
