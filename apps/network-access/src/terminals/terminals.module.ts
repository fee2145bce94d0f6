import { Module } from '@nestjs/common';
import { RegistrationReferences } from '../people/registration-references';
import { TerminalDirectoryService } from './terminal-directory.service';
import { TerminalRegistryService } from './terminal-registry.service';
import { TerminalsController } from './terminals.controller';

@Module({
  controllers: [TerminalsController],
  providers: [TerminalRegistryService, TerminalDirectoryService, RegistrationReferences],
  exports: [TerminalDirectoryService, TerminalRegistryService],
})
export class TerminalsModule {}
