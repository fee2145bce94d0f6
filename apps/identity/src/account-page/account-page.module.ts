import { Module } from '@nestjs/common';
import { PeopleModule } from '../people/people.module';
import { AccountPageController } from './account-page.controller';
import { AccountPageService } from './account-page.service';

@Module({
  imports: [PeopleModule],
  controllers: [AccountPageController],
  providers: [AccountPageService],
})
export class AccountPageModule {}
