import { HttpStatus } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { ProblemException, VALIDATION_PROBLEM_TYPE } from '@edubase/http';
import { formatBytes, UploadRefusal } from './upload-limits';

/** The problem+json answer for a refused upload, naming the field that carried the file. */
export function uploadProblem(refusal: UploadRefusal, field = 'file'): ProblemException {
  const tooLarge = refusal.status === HttpStatus.PAYLOAD_TOO_LARGE;
  return new ProblemException({
    status: refusal.status,
    type: VALIDATION_PROBLEM_TYPE,
    title: tooLarge ? 'Upload too large' : 'Request validation failed',
    detail: tooLarge ? `${field}: ${refusal.message}` : `Invalid field: ${field}.`,
    extensions: { errors: [{ field, reason: refusal.message }] },
  });
}

/**
 * Accepts these content types as the raw request body (a Buffer), at most `maxBytes` of it. A larger
 * Content-Length is answered 413 before a byte of the body is read; a body without one (chunked) is
 * counted as it arrives and refused as soon as it passes the limit, never buffered whole. Fastify closes
 * the connection after the answer, so the rest of the upload is not read either.
 */
export function acceptRawUploads(
  fastify: FastifyInstance,
  contentTypes: readonly string[],
  maxBytes: number,
  field = 'file',
): void {
  const refusal = () =>
    uploadProblem(new UploadRefusal(413, `the file is larger than ${formatBytes(maxBytes)}`), field);
  for (const type of contentTypes) {
    if (fastify.hasContentTypeParser(type)) continue;
    fastify.addContentTypeParser(type, (request, payload, done) => {
      const declared = Number(request.headers['content-length']);
      if (declared > maxBytes) return done(refusal(), undefined);
      const chunks: Buffer[] = [];
      let received = 0;
      const finish = (error: Error | null, body?: Buffer) => {
        payload.removeListener('data', onData);
        payload.removeListener('end', onEnd);
        payload.removeListener('error', finish);
        done(error, body);
      };
      const onData = (chunk: Buffer) => {
        received += chunk.length;
        if (received > maxBytes) finish(refusal());
        else chunks.push(chunk);
      };
      const onEnd = () => {
        if (!Number.isNaN(declared) && received !== declared)
          finish(uploadProblem(new UploadRefusal(400, 'the body is shorter than its Content-Length'), field));
        else finish(null, Buffer.concat(chunks, received));
      };
      payload.on('data', onData);
      payload.on('end', onEnd);
      payload.on('error', finish);
      payload.resume();
    });
  }
}
