import type { ExceptionFilter } from '@nestjs/common';

/**
 * An error format other than problem+json for every URL under a prefix, e.g. SCIM's error schema under
 * `/scim/`. The platform filter hands such errors over, including those raised before any route ran
 * (a body that is not JSON), which a controller's own @UseFilters never sees.
 */
export interface PathExceptionFilter {
  readonly pathPrefix: string;
  readonly filter: ExceptionFilter;
}

/** Inject to add yours: `constructor(@Inject(PATH_EXCEPTION_FILTERS) filters: PathExceptionFilter[])`. */
export const PATH_EXCEPTION_FILTERS = Symbol('edubase:path-exception-filters');
