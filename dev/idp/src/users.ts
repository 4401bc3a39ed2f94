/** A fixed account of the dev IdP; the password is stored in clear because it is a dev fixture. */
export interface DevIdpUser {
  username: string;
  password: string;
  sub: string;
  name: string;
  email: string;
}

/** The dev IdP's accounts: alice/alice and bob/bob. */
export const DEV_USERS: readonly DevIdpUser[] = Object.freeze([
  Object.freeze({
    username: 'alice',
    password: 'alice',
    sub: 'a11ce000-0000-4000-8000-000000000001',
    name: 'Alice Liddell',
    email: 'alice@example.com',
  }),
  Object.freeze({
    username: 'bob',
    password: 'bob',
    sub: 'b0b00000-0000-4000-8000-000000000002',
    name: 'Bob Builder',
    email: 'bob@example.com',
  }),
]);

/** The user whose username and password both match, if any. */
export function authenticateUser(username: string, password: string): DevIdpUser | undefined {
  const user = DEV_USERS.find((candidate) => candidate.username === username);
  return user && user.password === password ? user : undefined;
}

/** The user with this subject identifier, if any. */
export function findUserBySub(sub: string): DevIdpUser | undefined {
  return DEV_USERS.find((candidate) => candidate.sub === sub);
}
