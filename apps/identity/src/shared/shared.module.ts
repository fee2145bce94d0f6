import { Global, Module } from '@nestjs/common';
import { Clock } from './clock';
import { IdentityEvents } from './identity-events';

@Global()
@Module({ providers: [IdentityEvents, Clock], exports: [IdentityEvents, Clock] })
export class SharedModule {}
