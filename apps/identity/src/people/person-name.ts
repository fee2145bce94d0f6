import { Matches } from 'class-validator';

/**
 * What a person's name may not hold: the characters Keycloak's person-name validator refuses (measured on
 * 26.4: `<>&"$%!#?§;*~/\|^=[]{}()` and control characters), so an accepted name always becomes an account,
 * plus invisible formatting characters (U+202E and other bidirectional overrides, zero-width marks) that
 * make a name read other than it is.
 */
const NOT_IN_A_NAME = /[<>&"$%!#?§;*~/\\|^=[\]{}()\p{Cc}\p{Cf}\p{Co}\p{Cs}]/u;

/** Why a name is refused, or null: one rule for the REST API, SCIM and the roster import. */
export function personNameProblem(name: string): string | null {
  const found = NOT_IN_A_NAME.exec(name);
  if (!found) return null;
  const char = found[0];
  const shown = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/u.test(char)
    ? `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`
    : char;
  return `a name may not contain ${shown}`;
}

/** DTO form of personNameProblem. */
export const IsPersonName = (): PropertyDecorator =>
  Matches(new RegExp(`^[^${NOT_IN_A_NAME.source.slice(1, -1)}]*$`, 'u'), {
    message: 'name may not contain <>&"$%!#?§;*~/\\|^=[]{}(), control or invisible formatting characters',
  });
