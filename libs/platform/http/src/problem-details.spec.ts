import {
  ConflictException,
  ForbiddenException,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { plainToInstance, Type } from 'class-transformer';
import { IsString, Matches, ValidateNested, validate, IsInt, Min, IsArray } from 'class-validator';
import {
  fieldErrorsFrom,
  ProblemException,
  problemFor,
  validationProblem,
  VALIDATION_PROBLEM_TYPE,
} from './problem-details';

class ContactDto {
  @IsString()
  name!: string;

  @Matches(/^1\d{10}$/, { message: 'mobile must be an 11-digit mainland mobile number' })
  mobile!: string;
}

class ImportDto {
  @IsInt()
  @Min(1)
  batch!: number;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ContactDto)
  items!: ContactDto[];
}

async function errorsOf(plain: object) {
  return validate(plainToInstance(ImportDto, plain), { validationError: { target: false, value: false } });
}

describe('validation problems', () => {
  it('names each bad field, nested paths included, one entry per broken rule', async () => {
    const errors = await errorsOf({
      batch: 0,
      items: [
        { name: '张三', mobile: '13800000000' },
        { name: '李四', mobile: '13800000001' },
        { name: 7, mobile: '12345' },
      ],
    });
    expect(fieldErrorsFrom(errors)).toEqual([
      { field: 'batch', reason: 'batch must not be less than 1' },
      { field: 'items[2].name', reason: 'name must be a string' },
      { field: 'items[2].mobile', reason: 'mobile must be an 11-digit mainland mobile number' },
    ]);
  });

  it('becomes an RFC 9457 400 problem listing the fields in its detail', async () => {
    const problem = problemFor(
      validationProblem(await errorsOf({ batch: 2, items: [{ name: 'x' }] })),
      '/imports',
    );
    expect(problem).toEqual({
      type: VALIDATION_PROBLEM_TYPE,
      title: 'Request validation failed',
      status: 400,
      detail: 'Invalid field: items[0].mobile.',
      instance: '/imports',
      errors: [{ field: 'items[0].mobile', reason: 'mobile must be an 11-digit mainland mobile number' }],
    });
  });
});

describe('problemFor', () => {
  it.each([
    [
      new UnauthorizedException('A bearer token is required.'),
      401,
      'Unauthorized',
      'A bearer token is required.',
    ],
    [
      new ForbiddenException('No access to school 3101200002.'),
      403,
      'Forbidden',
      'No access to school 3101200002.',
    ],
    [new NotFoundException('Cannot GET /nope'), 404, 'Not Found', 'Cannot GET /nope'],
    [new ConflictException('staffNo already used'), 409, 'Conflict', 'staffNo already used'],
  ])('maps %s to its status with the HTTP title', (exception, status, title, detail) => {
    expect(problemFor(exception, '/x')).toEqual({
      type: 'about:blank',
      title,
      status,
      detail,
      instance: '/x',
    });
  });

  it('keeps the type, title and extension members of a ProblemException', () => {
    const exception = new ProblemException({
      status: 409,
      type: 'urn:edubase:problem:duplicate-staff-no',
      title: 'Duplicate 工号',
      detail: 'staffNo T001 exists in 3101200001',
      extensions: { staffNo: 'T001' },
    });
    expect(problemFor(exception, '/people')).toEqual({
      type: 'urn:edubase:problem:duplicate-staff-no',
      title: 'Duplicate 工号',
      status: 409,
      detail: 'staffNo T001 exists in 3101200001',
      instance: '/people',
      staffNo: 'T001',
    });
  });

  it('turns an unknown error into a bare 500 that leaks neither message nor stack', () => {
    const problem = problemFor(new Error('ER_ACCESS_DENIED for user root at 10.0.0.5'), '/people');
    expect(problem).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred. It has been logged.',
      instance: '/people',
    });
    expect(JSON.stringify(problem)).not.toMatch(/ER_ACCESS_DENIED|10\.0\.0\.5|at /);
  });

  it('answers 503 when the database is down or its connection was cut (the error a driver wraps)', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' });
    const lost = Object.assign(new Error('Query failed'), {
      driverError: Object.assign(new Error('Connection lost'), { code: 'PROTOCOL_CONNECTION_LOST' }),
    });
    for (const error of [refused, lost])
      expect(problemFor(error, '/people')).toMatchObject({ status: 503, title: 'Service Unavailable' });
    expect(JSON.stringify(problemFor(refused, '/people'))).not.toMatch(/3306/);
    const duplicate = Object.assign(new Error('Duplicate entry'), { code: 'ER_DUP_ENTRY' });
    expect(problemFor(duplicate, '/people').status).toBe(500);
  });
});
