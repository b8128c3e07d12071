/** The three roles Foyer knows; config maps Discord roles and Matrix power levels onto them. */
export const ROLES = ['member', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { member: 0, moderator: 1, admin: 2 };

/** True when `held` is at least `required`. The only permission rule in Foyer. */
export const hasRole = (held: Role, required: Role): boolean => RANK[held] >= RANK[required];
