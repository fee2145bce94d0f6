import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AuthenticatedUser, Public } from '@edubase/auth';
import { PeopleQueries } from '../people/people-queries.service';

/** The caller the twin pretends to be: the bench's authenticated caller (district.admin), same view. */
const benchReader: AuthenticatedUser = {
  subject: 'bench-public-twin',
  username: 'district.admin',
  roles: ['district-admin'],
  grants: [{ role: 'district-admin', schoolCode: null }],
  schoolCode: null,
  scopes: [],
  clientId: 'edubase-cli',
  isServiceAccount: false,
};

/**
 * Benchmark only (`npm run bench:identity`): GET /people/:id without the token check, to measure what
 * authentication costs. AppModule registers it only when BENCH_PUBLIC_TWIN=1; production never has it.
 */
@ApiExcludeController()
@Controller('bench-public-twin/people')
export class BenchTwinController {
  constructor(private readonly people: PeopleQueries) {}

  @Get(':id')
  @Public() // bench-only twin of GET /people/:id, mounted solely with BENCH_PUBLIC_TWIN=1 (see AppModule)
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.people.get(id, benchReader);
  }
}
