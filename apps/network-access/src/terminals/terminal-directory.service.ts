import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TerminalEntity } from '../database/terminal.entity';

/** Lookups the RADIUS path makes into the terminal registry. */
@Injectable()
export class TerminalDirectoryService {
  constructor(private readonly dataSource: DataSource) {}

  findByMac(macAddress: string): Promise<TerminalEntity | null> {
    return this.dataSource.getRepository(TerminalEntity).findOneBy({ macAddress });
  }

  findByAccount(accountName: string): Promise<TerminalEntity | null> {
    return this.dataSource.getRepository(TerminalEntity).findOneBy({ accountName });
  }
}
