/** The secret in groups of four, as authenticator apps show it: easier to type without losing one's place. */
export const groupSecret = (secret: string) => secret.replace(/(.{4})(?!$)/g, '$1 ');
