import { z } from 'zod';
import { IdSchema, TimestampSchema } from '../common.ts';

export const ADMIN_ROLES = ['owner', 'staff'] as const;
export const AdminRoleSchema = z.enum(ADMIN_ROLES);
export type AdminRole = z.infer<typeof AdminRoleSchema>;

export const AdminUserSchema = z
  .object({ id: IdSchema, username: z.string(), displayName: z.string(), role: AdminRoleSchema })
  .meta({ id: 'AdminUser' });
export type AdminUser = z.infer<typeof AdminUserSchema>;

export const LoginInputSchema = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginInput = z.infer<typeof LoginInputSchema>;

export const LoginResultSchema = z
  .object({ user: AdminUserSchema, csrfToken: z.string() })
  .meta({ id: 'AdminLoginResult' });

export const LOGIN_OUTCOMES = ['success', 'failure', 'throttled'] as const;
export const LoginOutcomeSchema = z.enum(LOGIN_OUTCOMES);
export type LoginOutcome = z.infer<typeof LoginOutcomeSchema>;

/** One staff login attempt: the account as typed (lower-cased, existing or not), the address, the outcome. */
export const LoginAttemptSchema = z
  .object({
    id: IdSchema,
    username: z.string(),
    ip: z.string(),
    outcome: LoginOutcomeSchema,
    createdAt: TimestampSchema,
  })
  .meta({ id: 'LoginAttempt' });
export type LoginAttempt = z.infer<typeof LoginAttemptSchema>;

export const USERNAME_PATTERN = /^[A-Za-z0-9_.-]{3,32}$/;
export const MIN_PASSWORD_LENGTH = 12;

/** A small offline list of passwords that appear at the top of every leaked-password list. */
const COMMON_PASSWORDS = new Set([
  '123456789012',
  '1234567890123',
  'password1234',
  'password12345',
  'passwordpassword',
  'qwertyuiop12',
  'qwerty123456',
  '111111111111',
  '000000000000',
  'abcdefghijkl',
  'iloveyou1234',
  'admin1234567',
  'administrator',
  'adminadmin12',
  'welcome12345',
  'changeme1234',
  'letmein12345',
  'a1b2c3d4e5f6',
  '1q2w3e4r5t6y',
  'zxcvbnm12345',
  'woaini1314520',
  'weshop123456',
]);

/** Returns why a password is too weak, or null when it is acceptable. */
export function passwordWeakness(password: string, username: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  const lower = password.toLowerCase();
  if (lower.includes(username.toLowerCase())) return 'must not contain the username';
  if (COMMON_PASSWORDS.has(lower)) return 'is a commonly used password';
  if (new Set(password).size < 5) return 'has too few distinct characters';
  return null;
}
