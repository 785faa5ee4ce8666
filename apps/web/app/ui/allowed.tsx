'use client';

import type { ReactNode } from 'react';
import { createContext, useContext } from 'react';
import type { Role } from '../lib/roles';
import { roleAllows } from '../lib/roles';

/** The signed-in person's role, null in an open Atropos (where every button shows, as before sign-in existed). */
const RoleContext = createContext<Role | null>(null);

export function RoleProvider({ role, children }: { role: Role | null; children: ReactNode }) {
  return <RoleContext.Provider value={role}>{children}</RoleContext.Provider>;
}

/**
 * Shows its children only to a role that may use them: a viewer sees no Cancel or Flush button.
 * Hiding is for people; the server actions behind the buttons check the role again, and the API
 * a third time.
 */
export function Allowed({ role, children }: { role: Role; children: ReactNode }) {
  return useAllowed(role) ? children : null;
}

/** Whether the signed-in person's role may use what takes `role` (always, in an open Atropos). */
export function useAllowed(role: Role): boolean {
  return roleAllows(useContext(RoleContext), role);
}
