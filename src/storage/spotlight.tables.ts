// Tables of the spotlight feature (see schema.ts, which re-exports them).
export {};
