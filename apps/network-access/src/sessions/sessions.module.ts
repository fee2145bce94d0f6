import { Module } from '@nestjs/common';
import { NasModule } from '../nas/nas.module';
import { RadiusModule } from '../server/radius.module';
import { MyNetworkController } from './my-network.controller';
import { OnlineSessionsController } from './online-sessions.controller';

/** Online sessions as staff see them (the console's pages), and a person's own devices and sessions. */
@Module({ imports: [NasModule, RadiusModule], controllers: [OnlineSessionsController, MyNetworkController] })
export class SessionsModule {}
