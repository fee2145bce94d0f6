import { Module } from '@nestjs/common';
import { TerminalDirectoryService } from './terminal-directory.service';
import { TerminalRegistryService } from './terminal-registry.service';
import { TerminalsController } from './terminals.controller';

@Module({
  controllers: [TerminalsController],
  providers: [TerminalRegistryService, TerminalDirectoryService],
  exports: [TerminalDirectoryService, TerminalRegistryService],
})
export class TerminalsModule {}
