// Tables of the levels feature (see schema.ts, which re-exports them).
export {};
