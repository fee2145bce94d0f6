import { Module } from '@nestjs/common';
import { OrgUnitsController } from './org-units.controller';
import { OrgUnitsProjection } from './org-units.projection';

@Module({ controllers: [OrgUnitsController], providers: [OrgUnitsProjection] })
export class OrgUnitsModule {}
