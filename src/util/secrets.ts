/**
 * Which environment variables look secret, and what a masked value shows: the detail view masks
 * them until the person asks. Pure.
 */

const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|KEY|CREDENTIAL/i;

/** True when a variable's name suggests its value is a secret (API_TOKEN, AWS_SECRET_ACCESS_KEY, …). */
export function looksSecret(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** What a masked value shows: its length is hidden too. */
export const MASK = '********';
