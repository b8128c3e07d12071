// What Foyer's processes load for zod's `locales` namespace instead of its index of 60-odd
// languages (see runtime.mjs): the two languages Foyer speaks. zod itself only ever loads
// English, for its default error messages; Foyer words every config error itself.
export { default as en } from 'zod/v4/locales/en.js';
export { default as fr } from 'zod/v4/locales/fr.js';
