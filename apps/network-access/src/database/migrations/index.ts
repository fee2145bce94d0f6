import { messagingMigrations } from '@edubase/messaging';
import { CreateNetworkAccessTables1760100000000 } from './1760100000000-create-network-access-tables';

export const networkAccessMigrations = [...messagingMigrations, CreateNetworkAccessTables1760100000000];
