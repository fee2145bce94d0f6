import { Global, Module } from '@nestjs/common';
import { IdentityEvents } from './identity-events';

@Global()
@Module({ providers: [IdentityEvents], exports: [IdentityEvents] })
export class SharedModule {}
