/** The roles of people who sign in, least first: a viewer looks, an operator also acts on tasks and runs, an admin does everything. */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Whether `role` may do what takes `needed`; null (an open Atropos, no one signed in by design) may do everything. */
export function roleAllows(role: Role | null, needed: Role): boolean {
  return role === null || ROLES.indexOf(role) >= ROLES.indexOf(needed);
}
