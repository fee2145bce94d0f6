import { Module } from '@nestjs/common';
import { DisconnectsController } from './disconnects.controller';

/** Read side of the Disconnect-Request results (the sending side lives with the RADIUS module). */
@Module({ controllers: [DisconnectsController] })
export class DisconnectsModule {}
