// Tables of the circle feature (see schema.ts, which re-exports them).
export {};
