// Tables of the newsletter feature (see schema.ts, which re-exports them).
export {};
