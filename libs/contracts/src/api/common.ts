/**
 * Shapes every EduBase API answers with, shared by the services (@edubase/http, @edubase/masking) and the web
 * apps (@edubase/web-ui). Types only.
 */

/** One page of a list, with the total the filters match. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** How a caller did not get a personal field in full: a masked value, or nothing. */
export type FieldProtection = 'masked' | 'removed';

/** A record as a caller may see it: declared fields may be masked (a string) or absent. */
export type ProtectedRecord<T, F extends string> = Omit<T, F> & {
  [K in F & keyof T]?: T[K] | string;
};
